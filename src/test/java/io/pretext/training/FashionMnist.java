package io.pretext.training;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.pretext.dataset.DatasetReader;

/** The first {@code n} images of the Debian package dataset-fashion-mnist, read without the service. */
public final class FashionMnist {

    public static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    public static boolean installed() {
        return Files.isReadable(FOLDER.resolve("train-images-idx3-ubyte.gz"));
    }

    public static DatasetReader.Images load(String split, int n) throws IOException {
        byte[] pixels = read(split + "-images-idx3-ubyte.gz", 16, n * 28 * 28);
        byte[] labelBytes = read(split + "-labels-idx1-ubyte.gz", 8, n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = labelBytes[i];
        }
        return new DatasetReader.Images(n, 1, 28, 28, pixels, labels, CLASSES, "fashion-mnist-" + split);
    }

    private static byte[] read(String file, int header, int bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FOLDER.resolve(file)));
                DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(header);
            byte[] out = new byte[bytes];
            data.readFully(out);
            return out;
        }
    }
}
