package io.pretext.training.job;

import java.nio.FloatBuffer;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.data.TrainingData;
import io.pretext.training.eval.LogisticProbe;
import io.pretext.training.loop.GradMode;
import io.pretext.training.method.Classification;
import io.pretext.training.method.InputView;
import io.pretext.training.ops.Forward;

/**
 * A linear probe fitted the way practitioners fit one, then made the classifier's head: the
 * encoder's features of every labeled sample are extracted once (inference mode, no augmentation,
 * normalised inputs), {@link LogisticProbe} is fitted on the training part with its L2 strength
 * chosen on the validation part, and its logits (standardisation folded in) are written into the
 * linear head, so the network classifies exactly as the probe does. Stateless.
 */
final class ProbeFit {

    private static final int BATCH = 256;

    private ProbeFit() {
    }

    /** Fits the probe on the encoder's features and writes it into {@code objective}'s head (a Linear block). */
    static LogisticProbe fitInto(Classification objective, InputView views, TrainingData data, DatasetSplit split,
            NDManager manager) {
        float[][] train = features(objective.encoder(), views, manager, data, split.train());
        float[][] validation = features(objective.encoder(), views, manager, data, split.validation());
        LogisticProbe probe = LogisticProbe.fit(train, labels(data, split.train()), validation,
                labels(data, split.validation()), LogisticProbe.DEFAULT_GRID);
        writeHead(objective.head(), probe.logits(data.classes().size()));
        return probe;
    }

    /** The encoder's features of {@code samples}, one row each, in inference mode on plain inputs. */
    static float[][] features(Block encoder, InputView views, NDManager parent, TrainingData data, int[] samples) {
        GradMode.off();
        float[][] rows = new float[samples.length][];
        for (int from = 0; from < samples.length; from += BATCH) {
            int to = Math.min(samples.length, from + BATCH);
            try (NDManager manager = parent.newSubManager()) {
                NDArray features = Forward.inference(encoder, manager,
                        views.plain(manager, data.batch(manager, samples, from, to)));
                int width = (int) (features.size() / (to - from));
                float[] flat = features.toFloatArray();
                for (int i = from; i < to; i++) {
                    rows[i] = Arrays.copyOfRange(flat, (i - from) * width, (i - from + 1) * width);
                }
            }
        }
        return rows;
    }

    /** Overwrites a Linear head's weight ({@code classes x features}) and bias with {@code logits}. */
    static void writeHead(Block head, LogisticProbe.Logits logits) {
        int classes = logits.bias().length;
        int width = logits.weight()[0].length;
        float[] weight = new float[classes * width];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(logits.weight()[k], 0, weight, k * width, width);
        }
        for (Parameter p : head.getParameters().values()) {
            NDArray array = p.getArray();
            float[] values = p.getType() == Parameter.Type.BIAS ? logits.bias() : weight;
            if (array.size() != values.length) {
                throw new IllegalStateException("head parameter " + p.getName() + " has " + array.size()
                        + " values, the probe " + values.length);
            }
            array.set(FloatBuffer.wrap(values));
        }
    }

    private static int[] labels(TrainingData data, int[] samples) {
        int[] labels = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            labels[i] = data.labels()[samples[i]];
        }
        return labels;
    }
}
