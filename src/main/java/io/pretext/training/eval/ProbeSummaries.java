package io.pretext.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** Report helpers shared by the baselines. Stateless. */
final class ProbeSummaries {

    private ProbeSummaries() {
    }

    /** Validation accuracy by C with the C as a string key (JSON object keys are strings). */
    static Map<String, Double> byC(Map<Double, Double> accuracies) {
        Map<String, Double> byC = new LinkedHashMap<>();
        accuracies.forEach((c, accuracy) -> byC.put(Double.toString(c), accuracy));
        return byC;
    }
}
