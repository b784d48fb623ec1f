package io.pretext.training;

import java.util.List;
import java.util.Random;

import io.pretext.dataset.DatasetReader;

/** Small synthetic image datasets for training tests: class k is a bright square at a k-dependent place. */
public final class TinyImages {

    private TinyImages() {
    }

    public static DatasetReader.Images squares(int samples, int channels, int size, int classes, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[samples * channels * size * size];
        int[] labels = new int[samples];
        int side = size / 2;
        for (int i = 0; i < samples; i++) {
            int label = i % classes;
            labels[i] = label;
            int y0 = (label * 3) % (size - side);
            int x0 = (label * 5) % (size - side);
            for (int c = 0; c < channels; c++) {
                int base = (i * channels + c) * size * size;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean inside = y >= y0 && y < y0 + side && x >= x0 && x < x0 + side;
                        int value = (inside ? 200 : 30) + random.nextInt(40) - 20;
                        pixels[base + y * size + x] = (byte) Math.max(0, Math.min(255, value));
                    }
                }
            }
        }
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(k -> "class-" + k).toList();
        return new DatasetReader.Images(samples, channels, size, size, pixels, labels, names, "test");
    }
}
