package io.pretext.training.audio;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Batched waveform augmentations on {@code N x T} clips, each one tensor op over the whole batch
 * with per-clip parameters drawn from the caller's {@link Random} (so a seed reproduces the views).
 * Stateless; thread-safe.
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
        long[] index = new long[n * length];
        float[] keep = new float[n * length];
        for (int i = 0; i < n; i++) {
            int s = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
            for (int t = 0; t < length; t++) {
                int from = t - s;
                boolean inside = from >= 0 && from < length;
                index[i * length + t] = inside ? from : 0;
                keep[i * length + t] = inside ? 1f : 0f;
            }
        }
        Shape shape = new Shape(n, length);
        return clips.gather(manager.create(index, shape), 1).mul(manager.create(keep, shape));
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
     * probability {@code probability}. A silent clip stays silent.
     */
    public static NDArray noise(NDManager manager, NDArray clips, double minSnrDb, double maxSnrDb,
            double probability, Random random) {
        int n = (int) clips.getShape().get(0);
        int length = (int) clips.getShape().get(1);
        float[] noise = new float[n * length];
        float[] snr = new float[n];
        for (int i = 0; i < n; i++) {
            boolean on = random.nextDouble() < probability;
            // Power of 10^(-snr/10) relative to the signal; 0 switches the clip's noise off.
            snr[i] = on ? (float) Math.pow(10, -(minSnrDb + (maxSnrDb - minSnrDb) * random.nextDouble()) / 10) : 0f;
            for (int t = 0; t < length; t++) {
                noise[i * length + t] = 2 * random.nextFloat() - 1;
            }
        }
        NDArray signalPower = clips.square().mean(new int[] {1}, true);
        NDArray raw = manager.create(noise, new Shape(n, length));
        NDArray noisePower = raw.square().mean(new int[] {1}, true);
        NDArray scale = signalPower.mul(manager.create(snr, new Shape(n, 1))).div(noisePower).sqrt();
        return clips.add(raw.mul(scale));
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
        NDArray others = clips.get(new NDIndex("{}", manager.create(partner).toType(DataType.INT64, false)));
        return clips.add(others.mul(manager.create(weight, new Shape(n, 1))));
    }
}
