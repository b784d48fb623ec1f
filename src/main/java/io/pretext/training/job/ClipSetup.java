package io.pretext.training.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.JobPayload;
import io.pretext.training.ModelCard;
import io.pretext.training.ModelCardJson;
import io.pretext.training.PretrainSettings;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.checkpoint.ModelCards;
import io.pretext.training.child.RunContext;
import io.pretext.training.clip.CaptionedBatches;
import io.pretext.training.clip.ClipMethod;
import io.pretext.training.clip.ClipModel;
import io.pretext.training.clip.ClipSettings;
import io.pretext.training.clip.ImageTextPairs;
import io.pretext.training.clip.ZeroShotListener;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Views;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code clip} pretraining of a captioned image dataset: the image–caption pairs, the tokenizer
 * learnt from every caption (or, on resume, the one the checkpoint saved, so the vocabulary stays
 * the same), views and normalisation from the images' statistics, batches of images with one of
 * their captions each ({@link CaptionedBatches}), the batch retrieval metrics, the zero-shot
 * accuracy on the spec's {@code zeroShotDataset} when it names one, a CLIP model card, and towers
 * started from earlier experiments' encoders (on a fresh start only; a resumed run has them all).
 * Stateless.
 */
final class ClipSetup {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClipSetup() {
    }

    static Pretraining of(RunContext context, PretrainSettings spec, DatasetReader reader, UUID dataset)
            throws IOException {
        DatasetReader.Images images = reader.images(dataset);
        ImageTextPairs pairs = pairs(images, reader.captions(dataset));
        int[] all = IntStream.range(0, images.numSamples()).toArray();
        ClipSettings settings = settings(spec);
        String imageFrom = source(context, settings.imageEncoderFrom(), JobPayload.IMAGE_TOWER);
        String textFrom = source(context, settings.textEncoderFrom(), JobPayload.TEXT_TOWER);
        // A tower started from an earlier encoder keeps what it was trained with: the image encoder
        // its normalisation, the text encoder its tokenizer, caption length and shape.
        ModelCard imageCard = imageFrom == null ? null : card(context, imageFrom);
        float[][] stats = imageCard != null ? new float[][] {imageCard.mean(), imageCard.std()}
                : Normalization.statistics(images.pixels(), images.channels(), images.height(), images.width(), all);
        Views views = new Views(new BatchAugmenter(ViewTransform.preset(spec.augmentation(), images.height())),
                stats[0], stats[1]);
        String resumeFrom = context.request().resumeFrom();
        Tokenizer tokenizer = resumeFrom != null ? Pretraining.tokenizer(context, resumeFrom)
                : textFrom != null ? Pretraining.tokenizer(context, textFrom)
                : ClipMethod.tokenizer(pairs, JobPayload.required(spec.vocabSize(), "pretrain.vocabSize"));
        TransformerSettings text = textFrom != null ? textShape(card(context, textFrom))
                : TextShapes.settings(TransformerSettings.MINI, tokenizer.vocabSize(),
                        JobPayload.required(spec.maxLength(), "pretrain.maxLength"), "mean",
                        JobPayload.required(spec.transformer(), "pretrain.transformer"));
        int maxLength = text.maxLength();
        ClipModel model = new ClipMethod().objective(settings, context.encoderName(), images.height(), views,
                tokenizer, text);
        CaptionedBatches batches = new CaptionedBatches(pairs, tokenizer, maxLength, all, spec.batchSize(),
                context.seed());
        DatasetReader.Images zeroShot = spec.zeroShotDataset() == null ? null : reader.images(spec.zeroShotDataset());
        int every = spec.knnEvery();
        int epochs = spec.epochs();
        Pretraining.ListenerFactory listeners = manager -> {
            List<TrainingListener> list = new ArrayList<>(List.of(model.metrics()));
            if (zeroShot != null) {
                list.add(new ZeroShotListener(model, zeroShot, settings.promptTemplates(), manager, every, epochs));
            }
            return list;
        };
        return new Pretraining(TrainingData.of(images), Stream.UNLABELED, model, views,
                new Shape(2, images.channels(), images.height(), images.width()),
                () -> ModelCard.forClip(ModelCards.of(context.encoderName(), images, stats, null, model.encoder()),
                        text, settings.projection()),
                Map.copyOf(model.files()), id -> TrainingData.of(reader.images(id)), batches, listeners,
                !settings.freezeImage(), manager -> ClipMethod.startTowers(model, settings, context.store(),
                        imageFrom, textFrom, manager));
    }

    /** The checkpoint prefix of the tower's source experiment, or null when the tower starts afresh. */
    private static String source(RunContext context, UUID experiment, String part) {
        String prefix = context.request().startFrom().get(part);
        if (experiment != null && prefix == null) {
            throw new IllegalStateException("pretrain." + (JobPayload.IMAGE_TOWER.equals(part) ? "image" : "text")
                    + "EncoderFrom: experiment " + experiment + " has no checkpoint to start from");
        }
        return prefix;
    }

    private static ModelCard card(RunContext context, String prefix) throws IOException {
        try (InputStream in = context.store().get(prefix + ArtifactLayout.META)) {
            return ModelCardJson.ofMeta(JSON.readTree(in));
        }
    }

    private static TransformerSettings textShape(ModelCard card) {
        if (card.text() == null) {
            throw new IllegalStateException("pretrain.textEncoderFrom names a pretraining without a text encoder");
        }
        return card.text();
    }

    /** The method's settings from the pretrain section (defaults filled in by the planner). */
    static ClipSettings settings(PretrainSettings spec) {
        ClipSettings settings = new ClipSettings(spec.projection(), spec.temperature(), spec.imageEncoderFrom(),
                spec.textEncoderFrom(), spec.freezeImage(), spec.freezeText(), spec.promptTemplates()).withDefaults();
        settings.validate("pretrain");
        return settings;
    }

    /** The dataset's images with their captions (labels are the images', not the captions'). */
    static ImageTextPairs pairs(DatasetReader.Images images, DatasetReader.Captions captions) {
        List<ImageTextPairs.Caption> list = new ArrayList<>(captions.size());
        for (int i = 0; i < captions.size(); i++) {
            list.add(new ImageTextPairs.Caption(captions.images()[i], captions.texts().get(i), null));
        }
        return new ImageTextPairs(images, list);
    }
}
