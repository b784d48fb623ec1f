package io.pretext.training.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/**
 * Batched log-mel spectrograms on the batch's device, as {@link LogMelSettings} defines them. The
 * framing, windowing and DFT are one strided 1-D convolution whose {@code 2 × bins} kernels are the
 * windowed cosines and sines of the DFT (a DFT as a matrix product, applied to every frame at once);
 * the power spectrum is the sum of their squares; the mel filterbank is a matrix product. All
 * ordinary tensor ops, so it runs on a GPU as well as a CPU, in float32. Immutable and
 * thread-safe (the constant kernels are created per call, in the caller's manager).
 */
public final class LogMelFrontEnd {

    private final LogMelSettings settings;
    private final float[] dftKernels;
    private final float[] melWeights;

    public LogMelFrontEnd(LogMelSettings settings) {
        this.settings = settings;
        this.dftKernels = dftKernels(settings);
        this.melWeights = MelFilterbank.weights(settings);
    }

    public LogMelSettings settings() {
        return settings;
    }

    /**
     * @param clips {@code N x clipSamples} floats in [-1, 1]
     * @return {@code N x 1 x mels x frames} log-mel spectrograms, in {@code manager}
     */
    public NDArray apply(NDManager manager, NDArray clips) {
        long n = clips.getShape().get(0);
        int bins = settings.bins();
        NDArray kernels = manager.create(dftKernels, new Shape(2L * bins, 1, settings.window()));
        NDArray spectrum = Conv1d.conv1d(clips.reshape(n, 1, clips.getShape().get(1)), kernels, null,
                new Shape(settings.hop())).singletonOrThrow();
        NDArray re = spectrum.get(":, 0:" + bins + ", :");
        NDArray im = spectrum.get(":, " + bins + ":, :");
        NDArray power = re.square().add(im.square());
        NDArray mel = manager.create(melWeights, new Shape(settings.mels(), bins)).matMul(power);
        return mel.add((float) settings.floor()).log().reshape(n, 1, settings.mels(), settings.frames());
    }

    /** Rows {@code k} (cosine) and {@code bins + k} (minus sine) of the windowed DFT, each {@code window} long. */
    private static float[] dftKernels(LogMelSettings s) {
        int window = s.window();
        int bins = s.bins();
        float[] kernels = new float[2 * bins * window];
        for (int k = 0; k < bins; k++) {
            for (int t = 0; t < window; t++) {
                double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * t / window);
                // k·t mod fftSize keeps the angle small, so cos and sin stay exact for large k·t.
                double angle = 2 * Math.PI * ((long) k * t % s.fftSize()) / s.fftSize();
                kernels[k * window + t] = (float) (hann * Math.cos(angle));
                kernels[(bins + k) * window + t] = (float) (-hann * Math.sin(angle));
            }
        }
        return kernels;
    }
}
