package io.pretext.training.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.Modality;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.JobPayload;
import io.pretext.training.ModelCard;
import io.pretext.training.ModelCardJson;
import io.pretext.training.TextShape;
import io.pretext.training.TrainingMethods;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.checkpoint.ModelCards;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.TextBatching;
import io.pretext.training.data.TextData;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.method.InputView;
import io.pretext.training.method.Views;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;

/**
 * What a supervised job (finetuning or the scratch baseline) trains on, by modality: the data and
 * its split, a fresh encoder of the right architecture, the input view, the input shape to
 * initialise with, the model card (given the initialised encoder) and the files each checkpoint
 * carries besides parameters; and how to build another fresh encoder of the same architecture (the
 * scratch baseline's grid screens candidates on fresh ones). Immutable.
 */
record Supervision(TrainingData data, DatasetSplit split, SequentialBlock encoder, InputView views,
        Shape inputShape, Function<SequentialBlock, ModelCard> card, Map<String, byte[]> files,
        Supplier<SequentialBlock> freshEncoder) {

    /** @param pretrained whether the encoder comes from a pretraining checkpoint ({@code inputFrom}) */
    static Supervision of(RunContext context, FinetuneSettings spec, boolean pretrained) throws IOException {
        DatasetReader reader = context.datasets();
        UUID dataset = spec.dataset();
        return switch (reader.modality(dataset)) {
            case TEXT -> text(context, spec, reader.texts(dataset), pretrained);
            case AUDIO -> audio(context, spec, reader.audio(dataset), pretrained);
            case IMAGE -> images(context, spec, reader.images(dataset), pretrained);
        };
    }

    private static Supervision audio(RunContext context, FinetuneSettings spec, DatasetReader.Audio clips,
            boolean pretrained) throws IOException {
        DatasetSplit split = split(context, spec, clips.labels(), clips.classes());
        // A pretrained encoder keeps the front end and standardisation it learned with.
        AudioSetup setup = AudioSetup.of(clips, spec.augmentation(), pretrained ? inputCard(context) : null,
                split.train(), context.seed());
        String name = context.encoderName();
        int mels = setup.settings().mels();
        return new Supervision(setup.data(), split, Encoders.encoder(name, mels), setup.views(), setup.inputShape(),
                encoder -> setup.card(name, clips.classes(), encoder), Map.of(), () -> Encoders.encoder(name, mels));
    }

    private static Supervision images(RunContext context, FinetuneSettings spec, DatasetReader.Images data,
            boolean pretrained) throws IOException {
        DatasetSplit split = split(context, spec, data.labels(), data.classes());
        // A pretrained encoder keeps the normalisation it learned with; scratch uses its own data's.
        float[][] stats = pretrained ? inputStats(context)
                : Normalization.statistics(data.pixels(), data.channels(), data.height(), data.width(), split.train());
        Views views = new Views(new BatchAugmenter(ViewTransform.preset(spec.augmentation(),
                data.height())), stats[0], stats[1]);
        String name = context.encoderName();
        return new Supervision(TrainingData.of(data), split, Encoders.encoder(name, data.height()),
                views, new Shape(2, data.channels(), data.height(), data.width()),
                encoder -> ModelCards.of(name, data, stats, data.classes(), encoder), Map.of(),
                () -> Encoders.encoder(name, data.height()));
    }

    private static Supervision text(RunContext context, FinetuneSettings spec, DatasetReader.Texts texts,
            boolean pretrained) throws IOException {
        DatasetSplit split = split(context, spec, texts.labels(), texts.classes());
        // No pooling in the spec means the encoder's own, mean pooling.
        String pooling = spec.pooling() == null ? "mean" : spec.pooling();
        String name = TrainingMethods.encoderModality(context.encoderName()).orElse(null) == Modality.TEXT
                ? context.encoderName() : TrainingMethods.defaultEncoder(Modality.TEXT);
        String resumeFrom = context.request().resumeFrom();
        Tokenizer tokenizer;
        TransformerSettings settings;
        if (pretrained) {
            tokenizer = Pretraining.tokenizer(context, context.request().inputFrom());
            settings = inputCard(context).text().withPooling(pooling);
        } else {
            // The scratch baseline learns its vocabulary from this dataset's texts (labels unused),
            // with the pretraining's vocabulary size and length when the experiment has one.
            TextShape text = JobPayload.required(context.payload().text(), "text section");
            tokenizer = resumeFrom != null ? Pretraining.tokenizer(context, resumeFrom)
                    : Tokenizer.train(texts.texts(), text.vocabSize());
            settings = TextShapes.settings(name, tokenizer.vocabSize(), text.maxLength(), pooling, text.transformer());
        }
        TransformerSettings chosen = settings;
        return new Supervision(new TextData(texts, tokenizer, settings.maxLength(),
                TextBatching.byLength()), split,
                TextEncoders.encoder(settings), InputView.IDENTITY, new Shape(2, settings.maxLength()),
                encoder -> ModelCard.forText(name, chosen, texts.classes()),
                Map.of(ArtifactLayout.TOKENIZER, tokenizer.toBytes()), () -> TextEncoders.encoder(chosen));
    }

    private static DatasetSplit split(RunContext context, FinetuneSettings spec, int[] labels, List<String> classes) {
        return LabeledSplits.of(spec, context.seed(), labels, classes.size());
    }

    /** The card of the checkpoint the encoder comes from. */
    static ModelCard inputCard(RunContext context) throws IOException {
        try (InputStream in = context.store().get(context.request().inputFrom() + ArtifactLayout.META)) {
            return ModelCardJson.ofMeta(context.json().readTree(in));
        }
    }

    static float[][] inputStats(RunContext context) throws IOException {
        ModelCard card = inputCard(context);
        return new float[][] {card.mean(), card.std()};
    }
}
