package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pretext.testing.ApiClient;
import tools.jackson.databind.JsonNode;

/** The checks of a finished two-seed study's results against its experiments' own numbers. */
final class StudyAcceptance {

    /** t(0.975) with one degree of freedom, from a printed table. */
    private static final double T_975_DF1 = 12.7062;

    private StudyAcceptance() {
    }

    static void checkResults(ApiClient api, String key, String studyId, String test, List<String> arms) {
        JsonNode study = api.get("/v1/studies/" + studyId, key).json();
        // (budget, arm) -> seed -> accuracy, read from each experiment's own comparison row.
        Map<String, Map<Long, Double>> accuracy = new HashMap<>();
        for (JsonNode e : study.get("experiments").values()) {
            JsonNode experiment = api.get("/v1/experiments/" + e.get("id").asString(), key).json();
            JsonNode row = experiment.get("comparison").values().stream()
                    .filter(r -> r.get("metric").asString().equals("accuracy")).findFirst().orElseThrow();
            String budget = e.get("budget").asString();
            long seed = e.get("seed").asLong();
            accuracy.computeIfAbsent(budget + " " + e.get("arm").asString(), k -> new HashMap<>())
                    .put(seed, row.get("finetuned").asDouble());
            accuracy.computeIfAbsent(budget + " scratch", k -> new HashMap<>()).put(seed, row.get("scratch").asDouble());
            accuracy.computeIfAbsent(budget + " pixels", k -> new HashMap<>()).put(seed, row.get("pixels").asDouble());
        }

        var response = api.get("/v1/studies/" + studyId + "/results", key);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode results = response.json();
        assertThat(results.get("headline").asString()).isEqualTo(test);
        assertThat(results.get("cells").values()).as("2 budgets x 3 arms x 1 test x 2 metrics").hasSize(12)
                .allSatisfy(c -> assertThat(c.get("n").asInt()).isEqualTo(2));
        assertThat(results.get("cells").values()).extracting(c -> c.get("arm").asString()).containsOnlyElementsOf(arms);
        for (JsonNode cell : results.get("cells").values()) {
            if (cell.get("metric").asString().equals("accuracy")) {
                Map<Long, Double> bySeed = accuracy.get(cell.get("budget").asString() + " " + cell.get("arm").asString());
                double a = bySeed.get(1L);
                double b = bySeed.get(2L);
                assertThat(cell.get("mean").asDouble()).isCloseTo((a + b) / 2, within(1e-12));
                assertThat(cell.get("std").asDouble()).isCloseTo(Math.abs(a - b) / Math.sqrt(2), within(1e-12));
            }
        }
        List<JsonNode> gains = results.get("gains").values().stream()
                .filter(g -> g.get("arm").asString().equals("linear") && g.get("metric").asString().equals("accuracy"))
                .toList();
        assertThat(gains).hasSize(2);
        for (JsonNode gain : gains) {
            Map<Long, Double> linear = accuracy.get(gain.get("budget").asString() + " linear");
            Map<Long, Double> scratch = accuracy.get(gain.get("budget").asString() + " scratch");
            double d1 = linear.get(1L) - scratch.get(1L);
            double d2 = linear.get(2L) - scratch.get(2L);
            double mean = (d1 + d2) / 2;
            double sd = Math.abs(d1 - d2) / Math.sqrt(2);
            double half = T_975_DF1 * sd / Math.sqrt(2);
            assertThat(gain.get("mean").asDouble()).isCloseTo(mean, within(1e-12));
            assertThat(gain.get("low").asDouble()).isCloseTo(mean - half, within(1e-12));
            assertThat(gain.get("high").asDouble()).isCloseTo(mean + half, within(1e-12));
            assertThat(gain.get("excludesZero").asBoolean()).isEqualTo(mean - half > 0 || mean + half < 0);
        }
        assertThat(results.get("verdicts").values()).hasSize(2).allSatisfy(v -> {
            assertThat(arms).contains(v.get("best").asString());
            assertThat(v.get("summary").asString()).startsWith("At " + v.get("budget").asString() + ": "
                    + v.get("best").asString() + " is best");
        });

        var csv = api.get("/v1/studies/" + studyId + "/results.csv", key);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines()).hasSize(13).first().asString()
                .startsWith("budget,arm,test,metric,n,mean,std,gain_over_scratch,ci_low,ci_high");
    }
}
