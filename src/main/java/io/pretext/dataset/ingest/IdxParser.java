package io.pretext.dataset.ingest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * MNIST-style IDX: an images file (magic {@code 0x00000803}: count, rows, cols, then uint8 pixels)
 * and an optional labels file (magic {@code 0x00000801}: count, then one uint8 label each), each
 * raw or gzip-compressed. Without labels the dataset is unlabeled. Class names come from the
 * upload's {@code classes}, else {@code "0".."max label"}.
 */
public final class IdxParser implements DatasetParser {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        byte[] labels = upload.labels() == null ? null : readLabels(upload);
        try (DataInputStream in = new DataInputStream(Gzip.open(upload.file()))) {
            String name = upload.fileName();
            int magic = header(in, name, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw new InvalidDatasetException(name, String.format(
                        "not an IDX images file: magic number 0x%08x, expected 0x%08x", magic, IMAGES_MAGIC));
            }
            int count = header(in, name, "image count");
            int rows = header(in, name, "row count");
            int cols = header(in, name, "column count");
            checkHeader(upload, name, count, rows, cols);
            if (labels != null && labels.length != count) {
                throw new InvalidDatasetException(upload.labelsName(), "has " + labels.length
                        + " labels but " + name + " has " + count + " images");
            }
            List<String> classes = labels == null ? List.of() : classes(upload, labels);
            int side = upload.imageSize() == null ? -1 : upload.imageSize();
            sink.startImages(1, side > 0 ? side : rows, side > 0 ? side : cols, classes);
            byte[] image = new byte[rows * cols];
            for (int i = 0; i < count; i++) {
                if (in.readNBytes(image, 0, image.length) < image.length) {
                    throw new InvalidDatasetException(name, "truncated: header says " + count + " images of "
                            + rows + "x" + cols + " but the data ends in image " + i);
                }
                byte[] sample = side > 0 ? ImageResize.square(image, 1, rows, cols, side) : image.clone();
                sink.addImage(sample, labels == null ? SampleSink.UNLABELED : labels[i] & 0xff);
            }
            if (in.read() != -1) {
                throw new InvalidDatasetException(name, "has data after the " + count + " images its header declares");
            }
        } catch (ZipException | EOFException e) {
            throw new InvalidDatasetException(upload.fileName(), "corrupt or truncated gzip/IDX data");
        }
    }

    private static void checkHeader(Upload upload, String name, int count, int rows, int cols) {
        IngestLimits limits = upload.limits();
        if (count <= 0 || count > limits.maxEntries()) {
            throw new InvalidDatasetException(name, "image count " + count + " is not between 1 and "
                    + limits.maxEntries());
        }
        if (rows <= 0 || cols <= 0 || rows > limits.maxImageSide() || cols > limits.maxImageSide()) {
            throw new InvalidDatasetException(name, "image size " + rows + "x" + cols + " is not between 1 and "
                    + limits.maxImageSide());
        }
        if ((long) count * rows * cols > limits.maxUncompressedBytes()) {
            throw new InvalidDatasetException(413, name, "declares more than " + limits.maxUncompressedBytes()
                    + " bytes of pixels");
        }
    }

    private static byte[] readLabels(Upload upload) throws IOException {
        String name = upload.labelsName();
        try (DataInputStream in = new DataInputStream(Gzip.open(upload.labels()))) {
            int magic = header(in, name, "magic number");
            if (magic != LABELS_MAGIC) {
                throw new InvalidDatasetException(name, String.format(
                        "not an IDX labels file: magic number 0x%08x, expected 0x%08x", magic, LABELS_MAGIC));
            }
            int count = header(in, name, "label count");
            if (count <= 0 || count > upload.limits().maxEntries()) {
                throw new InvalidDatasetException(name, "label count " + count + " is not between 1 and "
                        + upload.limits().maxEntries());
            }
            byte[] labels = in.readNBytes(count);
            if (labels.length < count) {
                throw new InvalidDatasetException(name, "truncated: header says " + count + " labels, found "
                        + labels.length);
            }
            if (in.read() != -1) {
                throw new InvalidDatasetException(name, "has data after the " + count + " labels its header declares");
            }
            return labels;
        } catch (ZipException | EOFException e) {
            throw new InvalidDatasetException(name, "corrupt or truncated gzip/IDX data");
        }
    }

    private static List<String> classes(Upload upload, byte[] labels) {
        int max = 0;
        for (byte label : labels) {
            max = Math.max(max, label & 0xff);
        }
        if (upload.classNames() != null && !upload.classNames().isEmpty()) {
            if (max >= upload.classNames().size()) {
                throw new InvalidDatasetException(upload.labelsName(), "label " + max + " out of range 0.."
                        + (upload.classNames().size() - 1) + " of the " + upload.classNames().size() + " classes given");
            }
            return upload.classNames();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static int header(DataInputStream in, String name, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new InvalidDatasetException(name, "truncated header: missing " + field);
        }
    }
}
