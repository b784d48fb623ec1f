package io.pretext.training.job;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.ModelCard;
import io.pretext.training.audio.AudioAugmenter;
import io.pretext.training.audio.AudioViewTransform;
import io.pretext.training.audio.LogMelFrontEnd;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.RandAugment;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.checkpoint.ModelCards;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.AudioData;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.TrainingData;
import io.pretext.training.method.Views;

/**
 * What a FixMatch run trains on, for images or audio clips: the labeled data and its split, the
 * unlabeled data and the samples it may draw, the weak and strong views, the network's input and
 * the model card. Images: weak is the spec's augmentation preset, strong the same then
 * {@link RandAugment#FIXMATCH}. Audio: weak is the spec's preset, strong the {@code strong} audio
 * preset (shift, gain, mixing, noise, SpecAugment), both through the log-mel front end. A
 * pretrained encoder keeps the input standardisation (and front end) it learned with. Immutable.
 *
 * @param encoderSize what {@code Encoders.encoder} takes: image height or mel bands
 */
record FixMatchInputs(TrainingData labeled, DatasetSplit split, TrainingData unlabeled, int[] unlabeledSamples,
        Views views, Shape inputShape, int encoderSize, List<String> classes, Function<Block, ModelCard> card) {

    /** @throws IllegalArgumentException for text, or unlabeled data of another shape or clip format */
    static FixMatchInputs of(RunContext context, FinetuneSettings spec, UUID unlabeledId, boolean pretrained,
            String encoderName) throws IOException {
        DatasetReader reader = context.datasets();
        return switch (reader.modality(spec.dataset())) {
            case IMAGE -> images(context, spec, reader, unlabeledId, pretrained, encoderName);
            case AUDIO -> audio(context, spec, reader, unlabeledId, pretrained, encoderName);
            case TEXT -> throw new IllegalArgumentException("fixmatch applies to image and audio datasets only");
        };
    }

    private static FixMatchInputs images(RunContext context, FinetuneSettings spec, DatasetReader reader,
            UUID unlabeledId, boolean pretrained, String name) throws IOException {
        DatasetReader.Images images = reader.images(spec.dataset());
        DatasetSplit split = LabeledSplits.of(spec, context.seed(), images.labels(), images.classes().size());
        DatasetReader.Images unlabeled = unlabeledId.equals(spec.dataset()) ? images : reader.images(unlabeledId);
        if (unlabeled.channels() != images.channels() || unlabeled.height() != images.height()
                || unlabeled.width() != images.width()) {
            throw new IllegalArgumentException("finetune.fixmatch.unlabeledDataset holds images of another shape");
        }
        boolean same = same(images, unlabeled);
        float[][] stats = pretrained ? Supervision.inputStats(context)
                : Normalization.statistics(images.pixels(), images.channels(), images.height(), images.width(),
                        split.train());
        ViewTransform weak = ViewTransform.preset(spec.augmentation(), images.height());
        Views views = Views.of(stats[0], stats[1], new BatchAugmenter(weak),
                new BatchAugmenter(weak, RandAugment.FIXMATCH));
        TrainingData data = TrainingData.of(images);
        return new FixMatchInputs(data, split, same ? data : TrainingData.of(unlabeled),
                unlabeledPool(images, unlabeled, split.validation()), views,
                new Shape(2, images.channels(), images.height(), images.width()), images.height(), images.classes(),
                encoder -> ModelCards.of(name, images, stats, images.classes(), encoder));
    }

    private static FixMatchInputs audio(RunContext context, FinetuneSettings spec, DatasetReader reader,
            UUID unlabeledId, boolean pretrained, String name) throws IOException {
        DatasetReader.Audio clips = reader.audio(spec.dataset());
        DatasetSplit split = LabeledSplits.of(spec, context.seed(), clips.labels(), clips.classes().size());
        DatasetReader.Audio unlabeled = unlabeledId.equals(spec.dataset()) ? clips : reader.audio(unlabeledId);
        if (unlabeled.sampleRate() != clips.sampleRate() || unlabeled.clipSamples() != clips.clipSamples()) {
            throw new IllegalArgumentException("finetune.fixmatch.unlabeledDataset holds clips of another format");
        }
        boolean same = same(clips, unlabeled);
        AudioSetup setup = AudioSetup.of(clips, spec.augmentation(),
                pretrained ? Supervision.inputCard(context) : null, split.train(), context.seed());
        LogMelFrontEnd frontEnd = setup.frontEnd();
        Views views = Views.of(AudioAugmenter.plain(frontEnd), setup.stats()[0], setup.stats()[1],
                new AudioAugmenter(AudioViewTransform.preset(spec.augmentation()), frontEnd),
                new AudioAugmenter(AudioViewTransform.preset("strong"), frontEnd));
        return new FixMatchInputs(setup.data(), split, same ? setup.data() : new AudioData(unlabeled),
                unlabeledPool(clips, unlabeled, split.validation()), views,
                setup.inputShape(), setup.settings().mels(), clips.classes(),
                encoder -> setup.card(name, clips.classes(), encoder));
    }

    /**
     * The unlabeled images FixMatch may draw: all of {@code unlabeled}, except that when it holds the
     * labeled dataset's images (the same dataset, or the same images uploaded again without labels)
     * the validation images that pick the checkpoint stay out.
     */
    static int[] unlabeledPool(DatasetReader.Images labeled, DatasetReader.Images unlabeled, int[] validation) {
        return pool(same(labeled, unlabeled), labeled.numSamples(), unlabeled.numSamples(), validation);
    }

    /** The same for clips. */
    static int[] unlabeledPool(DatasetReader.Audio labeled, DatasetReader.Audio unlabeled, int[] validation) {
        return pool(same(labeled, unlabeled), labeled.numSamples(), unlabeled.numSamples(), validation);
    }

    private static boolean same(DatasetReader.Images a, DatasetReader.Images b) {
        return a == b || (a.numSamples() == b.numSamples() && Arrays.equals(a.pixels(), b.pixels()));
    }

    private static boolean same(DatasetReader.Audio a, DatasetReader.Audio b) {
        return a == b || (a.numSamples() == b.numSamples() && Arrays.equals(a.pcm(), b.pcm()));
    }

    private static int[] pool(boolean sameAsLabeled, int labeledSize, int unlabeledSize, int[] validation) {
        if (!sameAsLabeled) {
            return IntStream.range(0, unlabeledSize).toArray();
        }
        boolean[] skip = new boolean[labeledSize];
        for (int i : validation) {
            skip[i] = true;
        }
        return IntStream.range(0, labeledSize).filter(i -> !skip[i]).toArray();
    }
}
