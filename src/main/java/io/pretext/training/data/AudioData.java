package io.pretext.training.data;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;

/**
 * Audio clips as {@link TrainingData}: a batch is {@code N x clipSamples} floats in [-1, 1] (the
 * int16 samples over 32768); views turn them into spectrograms on the device. Immutable.
 */
public record AudioData(DatasetReader.Audio audio) implements TrainingData {

    @Override
    public int size() {
        return audio.numSamples();
    }

    @Override
    public int[] labels() {
        return audio.labels();
    }

    @Override
    public List<String> classes() {
        return audio.classes();
    }

    @Override
    public String sha256() {
        return audio.sha256();
    }

    @Override
    public NDArray batch(NDManager manager, int[] indices, int from, int to) {
        int length = audio.clipSamples();
        float[] batch = new float[(to - from) * length];
        short[] pcm = audio.pcm();
        for (int i = from; i < to; i++) {
            int source = indices[i] * length;
            int target = (i - from) * length;
            for (int t = 0; t < length; t++) {
                batch[target + t] = pcm[source + t] / 32768f;
            }
        }
        return manager.create(batch, new Shape(to - from, length));
    }

    /** Clips given as int16 little-endian bytes (a model card's input form) as an {@code N x length} float batch. */
    public static NDArray fromPcm16(NDManager manager, byte[] le, int count, int length) {
        float[] batch = new float[count * length];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (short) ((le[2 * i] & 0xFF) | (le[2 * i + 1] << 8)) / 32768f;
        }
        return manager.create(batch, new Shape(count, length));
    }
}
