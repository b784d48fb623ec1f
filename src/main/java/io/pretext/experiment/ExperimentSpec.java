package io.pretext.experiment;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * What a user asks for: pretrain, finetune with few labels, evaluate, and compare with a
 * from-scratch baseline. Field-level rules are annotations; rules across fields and datasets live
 * in {@link SpecValidator}; methods, encoders and finetune strategies are the training registry's
 * ({@link Registered}). Unknown fields are errors (spring.jackson.deserialization.fail-on-unknown-properties),
 * so a typo is never silently ignored.
 * Null optional fields take the defaults of {@link SpecDefaults}. {@code baselines} names the
 * baselines trained beside the finetuned model ({@code pixels}: logistic regression on the raw
 * inputs; {@code scratch}: the same encoder trained from scratch); the older {@code baseline}
 * ({@code scratch} or {@code none}) still works. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSpec(
        @NotBlank @Size(max = 200) String name,
        Long seed,
        @Min(-100) @Max(100) Integer priority,
        @Min(0) @Max(10) Integer maxRestarts,
        @Valid Checkpoint checkpoint,
        @Valid Pretrain pretrain,
        @Valid Finetune finetune,
        @Valid Evaluate evaluate,
        @Pattern(regexp = "scratch|none", message = "must be scratch or none") String baseline,
        @Size(max = 2) List<@NotNull @Pattern(regexp = "pixels|scratch", message = "must be pixels or scratch") String> baselines) {

    static final String UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String UUID_MESSAGE = "must be a dataset id (a UUID)";
    static final String AUGMENTATIONS = "strong|weak|none";

    /** Checkpoint policy: every N epochs (or steps), keeping the best and the latest N. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Checkpoint(@Min(1) @Max(1000) Integer everyEpochs, @Min(1) Integer everySteps,
            @Min(1) @Max(100) Integer keepLatest) {
    }

    /**
     * Self-supervised pretraining on an (unlabeled) dataset; kNN accuracy is measured every
     * {@code knnEvery} epochs. For text ({@code mlm}): the tokenizer learns {@code vocabSize}
     * subwords from the dataset, texts are cut to {@code maxLength} tokens, and {@code transformer}
     * shapes the encoder (the {@code transformer-mini} preset by default). For image–text pairs
     * ({@code clip}, a dataset with captions): the same three shape the text tower and its tokenizer
     * learnt from the captions, {@code projection} is the shared embedding width (128),
     * {@code temperature} the initial softmax temperature (0.07), {@code promptTemplates} the zero-shot
     * prompts, each with one {@code {}} for the class name ({@code ["a photo of a {}"]}; an empty list
     * means the default), and
     * {@code zeroShotDataset} a labeled image dataset whose zero-shot accuracy is reported each epoch;
     * {@code imageEncoderFrom} (an experiment that pretrained an image encoder) and
     * {@code textEncoderFrom} (one that pretrained a text encoder with {@code mlm}) start a tower from
     * that encoder (the text tower then takes its tokenizer, caption length and shape), and
     * {@code freezeImage} / {@code freezeText} lock the tower so started (LiT).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pretrain(
            @NotNull @Pattern(regexp = UUID_REGEX, message = UUID_MESSAGE) String dataset,
            @NotBlank @Registered(Registered.Kind.METHOD) String method,
            @Registered(Registered.Kind.ENCODER) String encoder,
            @Min(1) @Max(1000) Integer epochs,
            @Min(2) @Max(4096) Integer batchSize,
            @Valid Optimizer optimizer,
            @Pattern(regexp = "constant|cosine|warmup-cosine", message = "must be constant, cosine or warmup-cosine")
            String schedule,
            @Positive @DecimalMax("10") Double temperature,
            @Pattern(regexp = AUGMENTATIONS, message = "must be strong, weak or none") String augmentation,
            @Min(16) @Max(1_000_000) Integer queueSize,
            @DecimalMin("0") @DecimalMax("1") Double momentum,
            @Min(1) @Max(1000) Integer knnEvery,
            @Min(100) @Max(100_000) Integer vocabSize,
            @Min(8) @Max(512) Integer maxLength,
            @Valid Transformer transformer,
            @Min(1) @Max(4096) Integer projection,
            @Size(min = 1, max = 32) List<@NotNull @Size(max = 200) @Pattern(regexp = "[^{}]*\\{\\}[^{}]*",
                    message = "must hold exactly one pair of braces, where the class name goes") String> promptTemplates,
            @Pattern(regexp = UUID_REGEX, message = UUID_MESSAGE) String zeroShotDataset,
            @Pattern(regexp = UUID_REGEX, message = "must be an experiment id (a UUID)") String imageEncoderFrom,
            @Pattern(regexp = UUID_REGEX, message = "must be an experiment id (a UUID)") String textEncoderFrom,
            Boolean freezeImage,
            Boolean freezeText) {

        /** An empty {@code promptTemplates} is not given (generated clients send lists they were never told). */
        public Pretrain {
            promptTemplates = promptTemplates == null || promptTemplates.isEmpty() ? null : promptTemplates;
        }
    }

    /** A text encoder's shape; {@code width} must be divisible by {@code heads}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transformer(@Min(1) @Max(24) Integer layers, @Min(8) @Max(1024) Integer width,
            @Min(1) @Max(32) Integer heads, @Min(8) @Max(8192) Integer feedForward) {
    }

    /** The optimizer and its settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Optimizer(
            @Pattern(regexp = "sgd|adam|adamw", message = "must be sgd, adam or adamw") String type,
            @Positive @DecimalMax("10") Double lr,
            @PositiveOrZero @DecimalMax("1") Double weightDecay,
            @DecimalMin("0") @DecimalMax("1") Double momentum) {
    }

    /**
     * Finetuning with few labels. The optimizer's {@code lr} is not used: {@code lr.head} and
     * {@code lr.encoder} set the rates. {@code unfreezeEvery}: gradual unfreezing trains the head
     * alone for that many epochs, then also the encoder's last stage as long, then everything.
     * {@code encoderFrom}: instead of a pretrain section, finetune the encoder another experiment of
     * this tenant pretrained (its pretraining must have succeeded) — one pretraining, many finetunes.
     * {@code pooling}: how a text encoder turns token states into one vector ({@code mean} over the
     * tokens, or the {@code cls} token's). {@code steps}: the budget in optimizer steps (labeled
     * batches sampled with replacement) instead of {@code epochs}; comparisons use it, since at few
     * labels an epoch is a handful of steps. {@code tuneRates} ({@code full} only, default false):
     * pick {@code lr} and weight decay on the validation split with the scratch baseline's grid
     * (the head's rate ×1, ×0.3, ×3, the encoder's kept at its ratio to it, each without and with
     * weight decay), so a comparison with the tuned scratch baseline tunes both arms alike.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finetune(
            @NotNull @Pattern(regexp = UUID_REGEX, message = UUID_MESSAGE) String dataset,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double labelFraction,
            @Min(1) Integer labelsPerClass,
            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double validationFraction,
            @Registered(Registered.Kind.STRATEGY) String strategy,
            @Min(1) @Max(1000) Integer epochs,
            @Min(2) @Max(4096) Integer batchSize,
            @Valid LearningRates lr,
            @Pattern(regexp = AUGMENTATIONS, message = "must be strong, weak or none") String augmentation,
            @Valid Optimizer optimizer,
            @Pattern(regexp = "constant|cosine|warmup-cosine", message = "must be constant, cosine or warmup-cosine")
            String schedule,
            @Min(1) @Max(1000) Integer unfreezeEvery,
            @Pattern(regexp = UUID_REGEX, message = "must be an experiment id (a UUID)") String encoderFrom,
            @Pattern(regexp = "mean|cls", message = "must be mean or cls") String pooling,
            @Min(1) @Max(1_000_000) Integer steps,
            @Valid FixMatch fixmatch,
            Boolean tuneRates) {
    }

    /**
     * FixMatch's settings ({@code strategy: fixmatch} only): {@code mu} unlabeled images per labeled
     * one in each step, drawn from {@code unlabeledDataset} (the pretraining dataset by default, else
     * the finetune dataset's own images); a weak view's prediction with probability at least
     * {@code threshold} becomes the pseudo-label a strong view is trained to, weighted by
     * {@code unlabeledWeight}; validation, checkpoints and serving use the weights' exponential moving
     * average with decay {@code emaDecay}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FixMatch(
            @Pattern(regexp = UUID_REGEX, message = UUID_MESSAGE) String unlabeledDataset,
            @Min(1) @Max(64) Integer mu,
            @DecimalMin("0") @DecimalMax("1") Double threshold,
            @PositiveOrZero @DecimalMax("100") Double unlabeledWeight,
            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double emaDecay) {
    }

    /** Discriminative learning rates: the head's and the encoder's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LearningRates(@Positive @DecimalMax("10") Double head, @Positive @DecimalMax("10") Double encoder) {
    }

    /** Which datasets to evaluate on, and with which metrics. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evaluate(
            @NotEmpty @Size(max = 20) List<@NotNull @Pattern(regexp = UUID_REGEX, message = UUID_MESSAGE) String> datasets,
            List<@Pattern(regexp = "accuracy|macro-f1|per-class|confusion-matrix|knn",
                    message = "must be accuracy, macro-f1, per-class, confusion-matrix or knn") String> metrics) {
    }
}
