package io.pretext.training.audio;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Batched waveform augmentations on {@code N x T} clips. Per-clip parameters come from the caller's
 * {@link Random}; the white noise comes from the engine's generator on the clips' device, so a view
 * is reproduced by the same {@link Random} seed together with the same
 * {@link ai.djl.engine.Engine#setRandomSeed engine seed} (the training loop sets both before each
 * step). Each augmentation leaves its input as it was. Stateless; thread-safe as far as the engine's
 * generator is.
 */
public final class WaveformAugment {

    private WaveformAugment() {
    }

    /**
     * Random time shift (a crop of the clip moved by up to {@code maxShift} samples either way,
     * silence filling what moves in): {@code out[i][t] = in[i][t - s_i]} where that index exists, else 0.
     */
    public static NDArray shift(NDManager manager, NDArray clips, int maxShift, Random random) {
        int n = (int) clips.getShape().get(0);
        int length = (int) clips.getShape().get(1);
        // Every cell is written below, so the output starts uninitialised.
        NDArray out = manager.create(new Shape(n, length), clips.getDataType());
        for (int i = 0; i < n; i++) {
            int s = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
            int moved = Math.min(Math.abs(s), length);
            // Per-clip slice copies rather than one gather: no batch-sized index to build, send and read.
            int to = Math.max(s, 0);
            int from = Math.max(-s, 0);
            if (moved < length) {
                out.set(row(i, to, to + length - moved), clips.get(manager, row(i, from, from + length - moved)));
            }
            if (moved > 0) {
                int silence = s > 0 ? 0 : length - moved;
                out.set(row(i, silence, silence + moved), 0f);
            }
        }
        return out;
    }

    private static NDIndex row(int clip, int from, int to) {
        return new NDIndex().addIndices(clip).addSliceDim(from, to);
    }

    /** Random gain: each clip times {@code 10^(g/20)}, {@code g} uniform in [{@code minDb}, {@code maxDb}]. */
    public static NDArray gain(NDManager manager, NDArray clips, double minDb, double maxDb, Random random) {
        int n = (int) clips.getShape().get(0);
        float[] factors = new float[n];
        for (int i = 0; i < n; i++) {
            factors[i] = (float) Math.pow(10, (minDb + (maxDb - minDb) * random.nextDouble()) / 20);
        }
        return clips.mul(manager.create(factors, new Shape(n, 1)));
    }

    /**
     * Additive white (uniform) noise at a signal-to-noise ratio uniform in [{@code minSnrDb},
     * {@code maxSnrDb}] per clip, measured against the clip's own mean power; applied to each clip with
     * probability {@code probability}. A silent clip stays silent. The noise samples are drawn on the
     * device from the engine's generator, the per-clip ratios from {@code random}.
     */
    public static NDArray noise(NDManager manager, NDArray clips, double minSnrDb, double maxSnrDb,
            double probability, Random random) {
        int n = (int) clips.getShape().get(0);
        float[] amplitude = new float[n];
        for (int i = 0; i < n; i++) {
            boolean on = random.nextDouble() < probability;
            // Amplitude 10^(-snr/20) relative to the signal's RMS; 0 switches the clip's noise off.
            amplitude[i] = on ? (float) Math.pow(10, -(minSnrDb + (maxSnrDb - minSnrDb) * random.nextDouble()) / 20)
                    : 0f;
        }
        NDArray raw = manager.randomUniform(-1f, 1f, clips.getShape(), clips.getDataType());
        // Norms rather than mean squares: one reduction each without a squared copy; the length cancels.
        int[] time = {1};
        NDArray scale = clips.norm(time, true).mul(manager.create(amplitude, new Shape(n, 1)))
                .div(raw.norm(time, true));
        return raw.muli(scale).addi(clips);
    }

    /**
     * Mixing: with probability {@code probability}, clip {@code i} gets {@code w_i} times another clip
     * {@code j ≠ i} of the batch (uniform) added, {@code w_i} uniform in [0, {@code maxWeight}]. A batch
     * of one is left as it is.
     */
    public static NDArray mix(NDManager manager, NDArray clips, double maxWeight, double probability, Random random) {
        int n = (int) clips.getShape().get(0);
        long[] partner = new long[n];
        float[] weight = new float[n];
        for (int i = 0; i < n; i++) {
            partner[i] = n == 1 ? 0 : (i + 1 + random.nextInt(n - 1)) % n;
            weight[i] = n > 1 && random.nextDouble() < probability ? (float) (maxWeight * random.nextDouble()) : 0f;
        }
        NDArray others = clips.get(manager, new NDIndex("{}", manager.create(partner)));
        // In place on the gathered copy: it is ours, and no further batch-sized buffer is needed.
        return others.muli(manager.create(weight, new Shape(n, 1))).addi(clips);
    }
}
