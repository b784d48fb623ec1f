package io.pretext.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.DatasetSplitter;
import io.pretext.dataset.SplitSpec;
import io.pretext.storage.ArtifactStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One training job in the child JVM: rotation-prediction pretraining, supervised training from
 * scratch or from a pretrained encoder (linear probe or full), with a checkpoint every N epochs and
 * resumption from the last one. The other SSL methods arrive with the training issue.
 */
final class TrainingRun {

    private final TrainingRequest request;
    private final ArtifactStore store;
    private final ChildEvents events;
    private final ChildControl control;
    private final JsonMapper json;
    private final JsonNode payload;

    TrainingRun(TrainingRequest request, ArtifactStore store, ChildEvents events, ChildControl control,
            JsonMapper json) {
        this.request = request;
        this.store = store;
        this.events = events;
        this.control = control;
        this.json = json;
        this.payload = json.readTree(request.payload());
    }

    int run() throws Exception {
        return switch (request.kind()) {
            case "PRETRAIN" -> pretrain(payload.get("pretrain"));
            case "FINETUNE", "SCRATCH" -> supervised(payload.get("finetune"));
            case "EVALUATE" -> evaluate(payload.get("evaluate"));
            default -> throw new UnsupportedOperationException("job kind " + request.kind() + " is not available yet");
        };
    }

    private int pretrain(JsonNode spec) throws Exception {
        String method = spec.get("method").asString();
        if (!"rotation".equals(method)) {
            throw new UnsupportedOperationException("pretraining method " + method
                    + " is not available yet; rotation is");
        }
        DatasetReader.Images data = new DatasetReader(store, json).images(UUID.fromString(spec.get("dataset").asString()));
        if (data.height() != data.width()) {
            throw new UnsupportedOperationException("rotation prediction needs square images");
        }
        Block encoder = Encoders.encoder(spec.get("encoder").asString(), data.height());
        SequentialBlock model = new SequentialBlock().add(encoder).add(Encoders.linearHead(4));
        long seed = payload.get("seed").asLong();
        int[] all = IntStream.range(0, data.numSamples()).toArray();
        return train(model, encoder, data, all, spec.get("epochs").asInt(), spec.get("batchSize").asInt(),
                spec.at("/optimizer/lr").asDouble(), seed, (manager, order, from, to, epoch) -> {
                    Random turns = new Random(seed * 31 + epoch * 1_000_003L + from);
                    int[] k = new int[to - from];
                    float[] labels = new float[to - from];
                    for (int i = 0; i < k.length; i++) {
                        k[i] = turns.nextInt(4);
                        labels[i] = k[i];
                    }
                    NDArray images = ImageBatches.rotate(ImageBatches.images(manager, data, order, from, to), k);
                    return new NDList[] {new NDList(images), new NDList(manager.create(labels))};
                }, null);
    }

    private int supervised(JsonNode spec) throws Exception {
        DatasetReader.Images data = new DatasetReader(store, json).images(UUID.fromString(spec.get("dataset").asString()));
        long seed = payload.get("seed").asLong();
        DatasetSplit split = DatasetSplitter.split(data.labels(), data.classes().size(), new SplitSpec(
                spec.hasNonNull("labelsPerClass") ? null : spec.get("labelFraction").asDouble(),
                spec.hasNonNull("labelsPerClass") ? spec.get("labelsPerClass").asInt() : null,
                spec.get("validationFraction").asDouble(), seed));
        String encoderName = payload.hasNonNull("encoder") ? payload.get("encoder").asString() : "cnn-small";
        ModelBlocks.Classifier classifier = ModelBlocks.classifier(Encoders.encoder(encoderName, data.height()),
                data.classes().size());
        SequentialBlock model = classifier.block();
        Block encoder = classifier.encoder();
        boolean linearProbe = "FINETUNE".equals(request.kind()) && "linear".equals(spec.get("strategy").asString());
        // One rate for the whole model for now; discriminative rates (encoder vs head) come with the training issue.
        double lr = spec.at("/lr/head").asDouble();
        return train(model, encoder, data, split.train(), spec.get("epochs").asInt(), spec.get("batchSize").asInt(),
                lr, seed, (manager, order, from, to, epoch) -> new NDList[] {
                    new NDList(ImageBatches.images(manager, data, order, from, to)),
                    new NDList(ImageBatches.labels(manager, data.labels(), order, from, to))},
                new Setup(linearProbe, split.validation()));
    }

    private String encoderName() {
        if (payload.hasNonNull("encoder")) {
            return payload.get("encoder").asString();
        }
        return payload.hasNonNull("pretrain") ? payload.at("/pretrain/encoder").asString() : "cnn-small";
    }

    private int evaluate(JsonNode spec) throws Exception {
        if (request.inputFrom() == null) {
            throw new IllegalArgumentException("the model to evaluate has no checkpoint");
        }
        String encoderName = payload.hasNonNull("encoder") ? payload.get("encoder").asString() : "cnn-small";
        Map<String, Double> metrics = new LinkedHashMap<>();
        DatasetReader reader = new DatasetReader(store, json);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (JsonNode id : spec.get("datasets")) {
                DatasetReader.Images data = reader.images(UUID.fromString(id.asString()));
                SequentialBlock model = ModelBlocks.classifier(Encoders.encoder(encoderName, data.height()),
                        data.classes().size()).block();
                model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(2, data.channels(), data.height(), data.width()));
                Checkpoints.load(store, request.inputFrom() + Checkpoints.MODEL, model, manager);
                double[] scores = Evaluation.scores(model, manager, data,
                        IntStream.range(0, data.numSamples()).toArray(), 256);
                metrics.put("accuracy/" + id.asString(), scores[0]);
                metrics.put("macroF1/" + id.asString(), scores[1]);
            }
        }
        events.done(metrics);
        return ExitCodes.DONE;
    }

    /** What supervised runs add: a frozen encoder for a linear probe, and validation accuracy. */
    private record Setup(boolean freezeEncoder, int[] validation) {
    }

    private int train(SequentialBlock model, Block encoder, DatasetReader.Images data, int[] samples, int epochs,
            int batchSize, double lr, long seed, EpochLoop.BatchSource source, Setup setup) throws Exception {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        try (Model djl = Model.newInstance("job-" + request.jobId())) {
            djl.setBlock(model);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) lr)).build());
            try (Trainer trainer = djl.newTrainer(config)) {
                trainer.initialize(new Shape(2, data.channels(), data.height(), data.width()));
                if (request.resumeFrom() != null) {
                    Checkpoints.load(store, request.resumeFrom() + Checkpoints.MODEL, model, trainer.getManager());
                } else if (request.inputFrom() != null) {
                    Checkpoints.load(store, request.inputFrom() + Checkpoints.ENCODER, encoder, trainer.getManager());
                }
                if (setup != null && setup.freezeEncoder()) {
                    encoder.freezeParameters(true);
                }
                int every = payload.at("/checkpoint/everyEpochs").asInt(1);
                EpochLoop.Outcome outcome = new EpochLoop(trainer, control, seed).run(samples, batchSize,
                        request.resumeEpoch() + 1, epochs, source, (epoch, metrics) -> {
                            Map<String, Double> reported = new LinkedHashMap<>(metrics);
                            if (setup != null && setup.validation().length > 0) {
                                reported.put("validationAccuracy", Evaluation.accuracy(model, trainer.getManager(),
                                        data, setup.validation(), batchSize));
                            }
                            if (epoch % every == 0 || epoch == epochs) {
                                String prefix = request.checkpointPrefix() + String.format("epoch-%04d/", epoch);
                                Checkpoints.write(store, prefix, model, encoder, meta(epoch, reported, data, encoder, setup != null), json);
                                events.checkpoint(epoch, prefix, reported);
                            } else {
                                events.epoch(epoch, reported);
                            }
                            return reported;
                        });
                return switch (outcome) {
                    case COMPLETED -> {
                        events.done(Map.of());
                        yield ExitCodes.DONE;
                    }
                    case CANCELLED -> ExitCodes.CANCELLED;
                    case RELEASED -> ExitCodes.RELEASED;
                };
            }
        }
    }

    private Map<String, Object> meta(int epoch, Map<String, Double> metrics, DatasetReader.Images data, Block encoder,
            boolean classifies) {
        String datasetSha256 = data.sha256();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("jobId", request.jobId().toString());
        meta.put("attempt", request.attempt());
        meta.put("kind", request.kind());
        meta.put("epoch", epoch);
        meta.put("metrics", metrics);
        meta.put("payload", payload);
        meta.put("datasetSha256", datasetSha256);
        meta.put("seed", payload.get("seed").asLong());
        // No generator state to save: every epoch's shuffling and augmentation draws from a Random
        // seeded with (seed, epoch), so a resumed run sees exactly the data it would have seen.
        meta.put("rng", "derived from seed and epoch");
        meta.put("code", request.codeVersion());
        int embedding = (int) encoder.getOutputShapes(new Shape[] {new Shape(1, data.channels(), data.height(),
                data.width())})[0].get(1);
        float[] mean = new float[data.channels()];
        float[] std = new float[data.channels()];
        java.util.Arrays.fill(std, 1f);
        meta.put("model", new ModelCard(encoderName(), data.channels(), data.height(), data.width(), mean, std,
                classifies ? data.classes() : null, embedding));
        return meta;
    }
}
