package io.pretext.experiment;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;

/**
 * How much better the finetuned model is than each baseline on one evaluation dataset and metric:
 * the answer to "what did my unlabeled data buy me?" as numbers. Every score is a fraction in
 * [0, 1] (0.84 is 84%), every gain a difference of two scores in fraction points (0.04 is four
 * percentage points; negative when the baseline did better). A value is null while the job it
 * comes from has not reported it (still running, failed, or a baseline the spec did not ask for).
 * Immutable.
 *
 * @param dataset the evaluation dataset's id
 * @param datasetName its name, or null when it was deleted
 * @param metric {@code accuracy} or {@code macroF1}
 * @param finetuned the finetuned model's score (its evaluation job's)
 * @param scratch the scratch baseline's score (its evaluation job's)
 * @param pixels the {@code pixels} floor's score
 * @param gainOverScratch {@code finetuned - scratch}
 * @param gainOverPixels {@code finetuned - pixels}
 * @param best which of {@code finetuned}, {@code scratch}, {@code pixels} scored highest (the first of them
 *     on a tie), or null until the finetuned score is in
 * @param summary the answer in one sentence (whether the finetuned model beat scratch, by how many
 *     points, and the pixels floor), or null until the finetuned score and a baseline's are in
 */
@Schema(description = "The finetuned model against the baselines on one evaluation dataset and metric. Scores are "
        + "fractions in [0, 1]; gains are finetuned minus baseline in fraction points (0.04 = 4 percentage points). "
        + "Null while the job a value comes from has not reported it.")
public record BaselineComparison(
        @Schema(description = "Evaluation dataset id") String dataset,
        @Schema(description = "Evaluation dataset name (null when it was deleted)", nullable = true) String datasetName,
        // A closed set like the spec's: the OpenAPI customizer turns the alternation into a named enum.
        @Schema(description = "Metric name") @Pattern(regexp = "accuracy|macroF1") String metric,
        @Schema(description = "Finetuned model's score, fraction in [0, 1]", nullable = true) Double finetuned,
        @Schema(description = "Scratch baseline's score, fraction in [0, 1]", nullable = true) Double scratch,
        @Schema(description = "Pixels floor's score, fraction in [0, 1]", nullable = true) Double pixels,
        @Schema(description = "finetuned - scratch, in fraction points", nullable = true) Double gainOverScratch,
        @Schema(description = "finetuned - pixels, in fraction points", nullable = true) Double gainOverPixels,
        @Schema(description = "The arm that scored highest (finetuned on a tie); null until the finetuned score is in",
                nullable = true) @Pattern(regexp = "finetuned|scratch|pixels") String best,
        @Schema(description = "The answer in one sentence, e.g. \"The finetuned model beat scratch by 2.8 points in "
                + "accuracy on fmnist-test (74.1 % against 71.3 %); the pixels floor scored 65.3 %.\" Null until the "
                + "finetuned score and a baseline's are in", nullable = true) String summary) {

    /** A row from its three scores (any may be null); the gains, the best arm and the sentence follow. */
    public static BaselineComparison of(String dataset, String metric, Double finetuned, Double scratch, Double pixels) {
        return new BaselineComparison(dataset, null, metric, finetuned, scratch, pixels, gain(finetuned, scratch),
                gain(finetuned, pixels), best(finetuned, scratch, pixels),
                BaselineVerdict.sentence(dataset, metric, finetuned, scratch, pixels));
    }

    /** This row with the dataset's name filled in (the sentence names it too). */
    BaselineComparison named(String name) {
        return new BaselineComparison(dataset, name, metric, finetuned, scratch, pixels, gainOverScratch,
                gainOverPixels, best, BaselineVerdict.sentence(name == null ? dataset : name, metric, finetuned,
                        scratch, pixels));
    }

    private static String best(Double finetuned, Double scratch, Double pixels) {
        if (finetuned == null) {
            return null;
        }
        String best = "finetuned";
        double top = finetuned;
        if (scratch != null && scratch > top) {
            best = "scratch";
            top = scratch;
        }
        if (pixels != null && pixels > top) {
            best = "pixels";
        }
        return best;
    }

    private static Double gain(Double model, Double baseline) {
        return model == null || baseline == null ? null : model - baseline;
    }
}
