package io.pretext.training.eval;

import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.InputView;

/**
 * Adds {@code knnAccuracy} (see {@link KnnMonitor}) to the metrics of every {@code every}-th epoch
 * and of the last one. Not thread-safe.
 */
public final class KnnListener implements TrainingListener {

    private final KnnMonitor monitor;
    private final Block encoder;
    private final InputView views;
    private final NDManager manager;
    private final int every;
    private final int lastEpoch;

    /** @param manager the parent of the monitor's per-run sub-manager */
    public KnnListener(KnnMonitor monitor, Block encoder, InputView views, NDManager manager, int every,
            int lastEpoch) {
        this.monitor = monitor;
        this.encoder = encoder;
        this.views = views;
        this.manager = manager;
        this.every = every;
        this.lastEpoch = lastEpoch;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        if (epoch % every == 0 || epoch == lastEpoch) {
            metrics.put("knnAccuracy", monitor.accuracy(encoder, views, manager));
        }
    }
}
