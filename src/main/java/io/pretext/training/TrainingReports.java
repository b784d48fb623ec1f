package io.pretext.training;

import java.util.UUID;

/** Where training jobs leave reports in the artifact store. Stateless. */
public final class TrainingReports {

    private TrainingReports() {
    }

    /**
     * The evaluation report of an EVALUATE job: JSON with the checkpoint evaluated and, per dataset
     * id, {@code samples, accuracy, macroF1, perClassF1} (by class name) and {@code confusion}
     * (rows = actual class, columns = predicted); and {@code embedding}: {@code dataset, classes,
     * labels} and {@code points} (2-D t-SNE coordinates of up to 1,000 of its samples' embeddings).
     */
    public static String evaluationKey(UUID jobId) {
        return "reports/" + jobId + "/evaluation.json";
    }
}
