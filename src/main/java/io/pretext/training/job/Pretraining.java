package io.pretext.training.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.JobPayload;
import io.pretext.training.ModelCard;
import io.pretext.training.PretrainSettings;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.checkpoint.ModelCards;
import io.pretext.training.child.RunContext;
import io.pretext.training.clip.ClipMethod;
import io.pretext.training.data.AudioData;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TextBatching;
import io.pretext.training.data.TextData;
import io.pretext.training.data.TrainingData;
import io.pretext.training.eval.KnnSetup;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.InputView;
import io.pretext.training.method.Methods;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;

/**
 * What a pretraining job trains, by modality: the data and the batch stream it feeds (unlabeled
 * images, or tokens), the method, the input view the kNN monitor uses, the input shape to
 * initialise with, the model card (built once the encoder is initialised), the files each
 * checkpoint carries besides parameters, and what a method adds: its own batches (image–caption
 * pairs), its own listeners, and whether the encoder's BatchNorm statistics may be recalibrated
 * (not when the method locks the encoder). Immutable.
 *
 * @param source the method's own batches, or null for a shuffled pass over {@code data} in {@code stream}
 * @param recalibrate whether the BatchNorm recalibration listener runs
 * @param initialWeights what a fresh (not resumed) run loads into the initialised objective
 */
record Pretraining(TrainingData data, Stream stream, Objective objective, InputView views, Shape inputShape,
        Supplier<ModelCard> card, Map<String, byte[]> files, KnnSetup.Loader knnData, BatchSource source,
        ListenerFactory listeners, boolean recalibrate, TrainingPlan.InitialWeights initialWeights) {

    /** The method's own listeners (none by default), after recalibration and kNN. */
    interface ListenerFactory {
        ListenerFactory NONE = manager -> List.of();

        List<TrainingListener> create(NDManager manager);
    }

    Pretraining(TrainingData data, Stream stream, Objective objective, InputView views, Shape inputShape,
            Supplier<ModelCard> card, Map<String, byte[]> files, KnnSetup.Loader knnData) {
        this(data, stream, objective, views, inputShape, card, files, knnData, null, ListenerFactory.NONE, true,
                TrainingPlan.InitialWeights.NONE);
    }

    static Pretraining of(RunContext context, PretrainSettings spec) throws IOException {
        DatasetReader reader = context.datasets();
        UUID dataset = spec.dataset();
        if (ClipMethod.NAME.equals(spec.method())) {
            return ClipSetup.of(context, spec, reader, dataset);
        }
        return switch (reader.modality(dataset)) {
            case TEXT -> text(context, spec, reader, dataset);
            case AUDIO -> audio(context, spec, reader, dataset);
            case IMAGE -> images(context, spec, reader, dataset);
        };
    }

    private static Pretraining audio(RunContext context, PretrainSettings spec, DatasetReader reader, UUID dataset)
            throws IOException {
        DatasetReader.Audio clips = reader.audio(dataset);
        AudioSetup setup = AudioSetup.of(clips, spec.augmentation(), null,
                IntStream.range(0, clips.numSamples()).toArray(), context.seed());
        Objective objective = Methods.create(spec, context.encoderName(), setup.settings().mels(), setup.views());
        return new Pretraining(setup.data(), Stream.UNLABELED, objective, setup.views(), setup.inputShape(),
                () -> setup.card(context.encoderName(), null, objective.encoder()), Map.of(),
                id -> new AudioData(reader.audio(id)));
    }

    private static Pretraining images(RunContext context, PretrainSettings spec, DatasetReader reader, UUID dataset)
            throws IOException {
        DatasetReader.Images data = reader.images(dataset);
        int[] all = IntStream.range(0, data.numSamples()).toArray();
        float[][] stats = Normalization.statistics(data.pixels(), data.channels(), data.height(), data.width(), all);
        Views views = new Views(new BatchAugmenter(ViewTransform.preset(spec.augmentation(),
                data.height())), stats[0], stats[1]);
        Objective objective = Methods.create(spec, context.encoderName(), data.height(), views);
        return new Pretraining(TrainingData.of(data), Stream.UNLABELED, objective, views,
                new Shape(2, data.channels(), data.height(), data.width()),
                () -> ModelCards.of(context.encoderName(), data, stats, null, objective.encoder()), Map.of(),
                id -> TrainingData.of(reader.images(id)));
    }

    private static Pretraining text(RunContext context, PretrainSettings spec, DatasetReader reader, UUID dataset)
            throws IOException {
        DatasetReader.Texts texts = reader.texts(dataset);
        String resumeFrom = context.request().resumeFrom();
        // Training is deterministic, but a resumed attempt reads the tokenizer its checkpoint used.
        Tokenizer tokenizer = resumeFrom != null ? tokenizer(context, resumeFrom)
                : Tokenizer.train(texts.texts(), JobPayload.required(spec.vocabSize(), "pretrain.vocabSize"));
        int maxLength = JobPayload.required(spec.maxLength(), "pretrain.maxLength");
        TransformerSettings settings = TextShapes.settings(context.encoderName(), tokenizer.vocabSize(), maxLength,
                "mean", JobPayload.required(spec.transformer(), "pretrain.transformer"));
        Objective objective = Methods.create(spec, settings);
        TextData data = new TextData(texts, tokenizer, maxLength, TextBatching.byLength());
        return new Pretraining(data, Stream.TOKENS, objective,
                InputView.IDENTITY,
                new Shape(2, maxLength), () -> ModelCard.forText(context.encoderName(), settings, null),
                Map.of(ArtifactLayout.TOKENIZER, tokenizer.toBytes()),
                id -> new TextData(reader.texts(id), tokenizer, maxLength));
    }

    /** The tokenizer saved with the checkpoint under {@code prefix}. */
    static Tokenizer tokenizer(RunContext context, String prefix) throws IOException {
        try (InputStream in = context.store().get(prefix + ArtifactLayout.TOKENIZER)) {
            return Tokenizer.fromBytes(in.readAllBytes());
        }
    }
}
