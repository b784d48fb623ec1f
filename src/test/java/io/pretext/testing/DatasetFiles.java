package io.pretext.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import javax.imageio.ImageIO;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Generated dataset files for tests: IDX, PNG/JPEG, zips (benign and hostile). Deterministic per seed. */
public final class DatasetFiles {

    private DatasetFiles() {
    }

    /** An IDX images file of {@code n} random {@code rows x cols} images. */
    public static byte[] idxImages(int n, int rows, int cols, long seed) {
        return idx(0x00000803, new int[] {n, rows, cols}, random(n * rows * cols, seed));
    }

    /** An IDX labels file with the given labels. */
    public static byte[] idxLabels(byte[] labels) {
        return idx(0x00000801, new int[] {labels.length}, labels);
    }

    public static byte[] idx(int magic, int[] dims, byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of random pixels; gray ({@code TYPE_BYTE_GRAY}) or colour. */
    public static byte[] png(int width, int height, boolean gray, long seed) {
        return encode(image(width, height, gray, seed), "png");
    }

    public static byte[] jpeg(int width, int height, long seed) {
        return encode(image(width, height, false, seed), "jpg");
    }

    public static BufferedImage image(int width, int height, boolean gray, long seed) {
        BufferedImage image = new BufferedImage(width, height,
                gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = random.nextInt(256);
                image.setRGB(x, y, gray ? (v << 16) | (v << 8) | v : random.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip of regular entries, in the map's iteration order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        return zip(entries, Map.of());
    }

    /** A zip of regular entries in list order, where the same name may occur twice. */
    public static byte[] zipAllowingDuplicates(List<Map.Entry<String, byte[]>> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
                for (var e : entries) {
                    zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeArchiveEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip of regular entries plus symbolic links ({@code name -> target}). */
    public static byte[] zip(Map<String, byte[]> entries, Map<String, String> symlinks) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
                for (var e : entries.entrySet()) {
                    zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeArchiveEntry();
                }
                for (var link : symlinks.entrySet()) {
                    ZipArchiveEntry entry = new ZipArchiveEntry(link.getKey());
                    entry.setUnixMode(0120777);
                    zip.putArchiveEntry(entry);
                    zip.write(link.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeArchiveEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
