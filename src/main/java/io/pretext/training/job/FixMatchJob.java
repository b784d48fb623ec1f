package io.pretext.training.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.FixMatchSettings;
import io.pretext.training.JobPayload;
import io.pretext.training.ModelCard;
import io.pretext.training.ModelCardJson;
import io.pretext.training.TrainingRequest;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.RandAugment;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.checkpoint.ModelCards;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.ValidationListener;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.FixMatch;
import io.pretext.training.method.Views;

/**
 * Finetuning with strategy {@code fixmatch} ({@link FixMatch}), from scratch or from a pretrained
 * encoder ({@code inputFrom}): B labeled images of the split's training part and μB unlabeled
 * images per step, from {@code finetune.fixmatch.unlabeledDataset} (all of it; when that is the
 * finetune dataset itself, all of it but the validation part). Weak view: the spec's augmentation
 * preset; strong view: the same, then {@link RandAugment#FIXMATCH}. Step-based: {@code steps}, or
 * {@code epochs × ⌈train / B⌉} without it, cut into at most {@code epochs} equal rounds (rounded up
 * to whole rounds), each ending with validation of the averaged weights and the checkpoint policy.
 * The learning rate follows {@code schedule} over all steps, the encoder at
 * {@code lr.encoder / lr.head} of the head's rate when pretrained. Images only.
 */
public final class FixMatchJob {

    private final RunContext context;

    public FixMatchJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        FinetuneSettings spec = context.finetune();
        FixMatchSettings settings = JobPayload.required(spec.fixmatch(), "finetune.fixmatch");
        TrainingRequest request = context.request();
        boolean pretrained = request.inputFrom() != null;
        DatasetReader reader = context.datasets();
        if (reader.holdsText(spec.dataset())) {
            throw new IllegalArgumentException("fixmatch applies to image datasets only");
        }
        DatasetReader.Images images = reader.images(spec.dataset());
        DatasetSplit split = LabeledSplits.of(spec, context.seed(), images.labels(), images.classes().size());
        TrainingData data = TrainingData.of(images);
        UUID unlabeledId = settings.unlabeledDataset();
        DatasetReader.Images unlabeledImages = unlabeledId.equals(spec.dataset()) ? images : reader.images(unlabeledId);
        if (unlabeledImages.channels() != images.channels() || unlabeledImages.height() != images.height()
                || unlabeledImages.width() != images.width()) {
            throw new IllegalArgumentException("finetune.fixmatch.unlabeledDataset holds images of another shape");
        }
        boolean same = sameImages(images, unlabeledImages);
        int[] unlabeledSamples = unlabeledPool(images, unlabeledImages, split.validation());
        // A pretrained encoder keeps the normalisation it learned with; scratch uses its own data's.
        float[][] stats = pretrained ? inputStats(context)
                : Normalization.statistics(images.pixels(), images.channels(), images.height(), images.width(),
                        split.train());
        ViewTransform weak = ViewTransform.preset(spec.augmentation(), images.height());
        Views views = Views.of(stats[0], stats[1], new BatchAugmenter(weak),
                new BatchAugmenter(weak, RandAugment.FIXMATCH));

        int batchSize = spec.batchSize();
        int total = spec.steps() != null ? spec.steps()
                : spec.epochs() * Math.max(1, (split.train().length + batchSize - 1) / batchSize);
        // Cut exactly as the supervised arms cut a step budget, so the arms of a comparison train as long.
        int rounds = StepBudget.rounds(total, spec.epochs());
        int stepsPerRound = total / rounds;
        String name = context.encoderName();
        int classes = images.classes().size();
        SequentialBlock encoder = Encoders.encoder(name, images.height());
        FixMatch objective = new FixMatch(encoder, Encoders.linearHead(classes), Encoders.encoder(name, images.height()),
                Encoders.linearHead(classes), views, settings.threshold(), settings.unlabeledWeight(),
                settings.emaDecay(), (long) rounds * stepsPerRound);
        FixMatchSource source = new FixMatchSource(data, split.train(), same ? data : TrainingData.of(unlabeledImages),
                unlabeledSamples, batchSize, settings.mu(), stepsPerRound, context.seed());
        double headLr = spec.lr().head();
        double encoderFactor = pretrained ? spec.lr().encoder() / headLr : 1.0;
        return TrainingSkeleton.run(context, new TrainingPlan(objective,
                new Shape(2, images.channels(), images.height(), images.width()), source, rounds, data.sha256(),
                () -> ModelCards.of(name, images, stats, images.classes(), objective.averageEncoder()), Map.of(),
                manager -> {
                    if (pretrained) {
                        Checkpoints.load(context.store(), request.inputFrom() + ArtifactLayout.ENCODER, encoder,
                                manager);
                        objective.resetAverage();
                    }
                },
                (stepsPerEpoch, firstStep) -> new Optimization(objective.trainable(), spec.optimizer(),
                        new LearningRateSchedule(spec.schedule(), headLr, stepsPerEpoch * rounds),
                        parameterIds(encoder), encoderFactor, firstStep),
                (manager, optimization) -> List.of(objective.metrics(),
                        new ValidationListener(objective.averageNetwork(), views, manager, data, split.validation()))));
    }

    /**
     * The unlabeled images FixMatch may draw: all of {@code unlabeled}, except that when it holds the
     * labeled dataset's images (the same dataset, or the same images uploaded again without labels)
     * the validation images that pick the checkpoint stay out.
     */
    static int[] unlabeledPool(DatasetReader.Images labeled, DatasetReader.Images unlabeled, int[] validation) {
        return sameImages(labeled, unlabeled) ? outside(labeled.numSamples(), validation)
                : IntStream.range(0, unlabeled.numSamples()).toArray();
    }

    private static boolean sameImages(DatasetReader.Images a, DatasetReader.Images b) {
        return a == b || (a.numSamples() == b.numSamples() && Arrays.equals(a.pixels(), b.pixels()));
    }

    /** Every index below {@code n} but {@code excluded}. */
    private static int[] outside(int n, int[] excluded) {
        boolean[] skip = new boolean[n];
        for (int i : excluded) {
            skip[i] = true;
        }
        return IntStream.range(0, n).filter(i -> !skip[i]).toArray();
    }

    /** The normalisation of the checkpoint the encoder comes from (as {@code Supervision} reads it). */
    private static float[][] inputStats(RunContext context) throws IOException {
        try (InputStream in = context.store().get(context.request().inputFrom() + ArtifactLayout.META)) {
            ModelCard card = ModelCardJson.ofMeta(context.json().readTree(in));
            return new float[][] {card.mean(), card.std()};
        }
    }

    private static Set<String> parameterIds(SequentialBlock encoder) {
        Set<String> ids = new HashSet<>(encoder.getParameters().keys().size());
        encoder.getParameters().values().forEach(p -> ids.add(p.getId()));
        return ids;
    }
}
