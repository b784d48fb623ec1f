package io.pretext.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.InputView;

/**
 * Adds {@code knnAccuracy} (see {@link KnnMonitor}) to the metrics of every {@code every}-th epoch
 * and of the last one. Before the first step of a fresh run (not on resume) it also measures the two
 * floors the curve should rise above, with the same protocol: {@code knnAccuracy} of the
 * randomly initialised encoder and {@code knnPixelAccuracy} of the raw inputs as the model takes
 * them (images normalised per channel; audio as its log-mel spectrogram), and hands them to its epoch-0 sink. Not thread-safe.
 */
public final class KnnListener implements TrainingListener {

    /** The metric of raw standardised inputs, reported at epoch 0. */
    public static final String PIXELS = "knnPixelAccuracy";
    public static final String ACCURACY = "knnAccuracy";

    private final KnnMonitor monitor;
    private final Block encoder;
    private final InputView views;
    private final NDManager manager;
    private final int every;
    private final int lastEpoch;
    private final Consumer<Map<String, Double>> epochZero;
    private final boolean pixelFloor;

    /** @param manager the parent of the monitor's per-run sub-manager */
    public KnnListener(KnnMonitor monitor, Block encoder, InputView views, NDManager manager, int every,
            int lastEpoch) {
        this(monitor, encoder, views, manager, every, lastEpoch, null, false);
    }

    /**
     * @param epochZero receives the epoch-0 metrics; null to skip them
     * @param pixelFloor whether the inputs' raw values make a floor (images, log-mel spectrograms); token ids do not
     */
    public KnnListener(KnnMonitor monitor, Block encoder, InputView views, NDManager manager, int every,
            int lastEpoch, Consumer<Map<String, Double>> epochZero, boolean pixelFloor) {
        this.monitor = monitor;
        this.encoder = encoder;
        this.views = views;
        this.manager = manager;
        this.every = every;
        this.lastEpoch = lastEpoch;
        this.epochZero = epochZero;
        this.pixelFloor = pixelFloor;
    }

    @Override
    public void onStart(int firstEpoch, int firstStep) {
        // A run resumed inside epoch 1 has a partly trained encoder: its figure is not epoch 0's.
        if (firstEpoch == 1 && firstStep == 0 && epochZero != null) {
            epochZero.accept(initial());
        }
    }

    /** kNN accuracy of the encoder as it is now and (when {@code pixelFloor}) of the flattened model inputs. */
    public Map<String, Double> initial() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(ACCURACY, monitor.accuracy(encoder, views, manager));
        if (pixelFloor) {
            metrics.put(PIXELS, monitor.accuracy(Blocks.batchFlattenBlock(), views, manager));
        }
        return metrics;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        if (epoch % every == 0 || epoch == lastEpoch) {
            metrics.put(ACCURACY, monitor.accuracy(encoder, views, manager));
        }
    }
}
