package io.pretext.study;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pretext.experiment.ExperimentSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a study asks: "does pretraining on {@code pretrain.dataset} pay off on {@code labeled}, and
 * how much?" One pretraining (or {@code encoderFrom} an earlier one), then for every label budget,
 * arm and seed a finetune scored on every {@code test} dataset (the first is the headline, the
 * others cross-domain). Arms are finetune strategies (each finetunes the pretrained encoder) and
 * the baselines {@code pixels} and {@code scratch}. Seeds are {@code 1..seeds}; a seed draws the
 * same labeled split for every arm at a budget. {@code finetune} holds the settings every finetune
 * arm shares. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A study: one pretraining, and per label budget, arm and seed one finetune scored on the test sets")
public record StudySpec(
        @NotBlank @Size(max = 200) String name,
        @Schema(description = "The labeled pool every budget draws its labels from (dataset id)")
        @NotNull @Pattern(regexp = UUID_REGEX, message = UUID_MESSAGE) String labeled,
        @Schema(description = "Test datasets (ids); the first is the headline, the others cross-domain")
        @NotEmpty @Size(max = 20) List<@NotNull @Pattern(regexp = UUID_REGEX, message = UUID_MESSAGE) String> test,
        @Schema(description = "Label budgets, each labelsPerClass or labelFraction")
        @NotEmpty @Size(max = 20) List<@NotNull @Valid Budget> budgets,
        @Schema(description = "Finetune strategies and the baselines pixels and scratch")
        @NotEmpty @Size(max = 20) List<@NotBlank String> arms,
        @Schema(description = "How many seeds (1..seeds) per budget and arm; 3 by default")
        @Min(1) @Max(20) Integer seeds,
        @Schema(description = "The pretraining every arm shares; its dataset is the unlabeled data")
        @Valid ExperimentSpec.Pretrain pretrain,
        @Schema(description = "Instead of pretrain: the experiment whose pretraining to reuse")
        @Pattern(regexp = UUID_REGEX, message = "must be an experiment id (a UUID)") String encoderFrom,
        @Valid SharedFinetune finetune,
        @Min(-100) @Max(100) Integer priority,
        @Min(0) @Max(10) Integer maxRestarts) {

    static final String UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String UUID_MESSAGE = "must be a dataset id (a UUID)";

    /** The seeds asked for: {@code 1..seeds} (3 when not given). */
    List<Long> seedValues() {
        int count = seeds == null ? 3 : seeds;
        return java.util.stream.LongStream.rangeClosed(1, count).boxed().toList();
    }

    /** A label budget: labels per class, or a fraction of each class. Exactly one is given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(@Min(1) Integer labelsPerClass,
            @DecimalMin(value = "0.0001", message = "must be at least 0.0001 (0.01%)") @DecimalMax("1") Double labelFraction) {

        /** A short stable name: {@code 10-per-class}, {@code 1pct}, {@code 0.5pct}. */
        String label() {
            if (labelsPerClass != null) {
                return labelsPerClass + "-per-class";
            }
            return java.math.BigDecimal.valueOf(labelFraction).movePointRight(2).stripTrailingZeros().toPlainString()
                    + "pct";
        }
    }

    /**
     * What every finetune arm (and the baselines beside them) shares; null fields take the
     * experiment defaults. {@code steps}: optimizer steps per finetune (rather than epochs, which
     * at few labels are a handful of steps). {@code tuneRates}: the {@code full} arm picks its rates on
     * validation with the scratch baseline's grid (only that arm takes it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedFinetune(@Min(1) @Max(1_000_000) Integer steps, @Min(1) @Max(1000) Integer epochs,
            @Min(2) @Max(4096) Integer batchSize, @Valid ExperimentSpec.LearningRates lr,
            @Pattern(regexp = "strong|weak|none", message = "must be strong, weak or none") String augmentation,
            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double validationFraction,
            @Valid ExperimentSpec.FixMatch fixmatch,
            @Schema(description = "The full arm picks its learning rates and weight decay on validation with the "
                    + "scratch baseline's grid, so both arms are tuned alike (false by default; needs the full arm)")
            Boolean tuneRates) {
    }
}
