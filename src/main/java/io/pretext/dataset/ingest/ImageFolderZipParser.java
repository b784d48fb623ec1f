package io.pretext.dataset.ingest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A zip of PNG/JPEG images. A folder per class ({@code cat/1.png}, optionally under one top
 * folder) makes a labeled dataset with classes in name order; all images in one folder (or the
 * root) make an unlabeled one. All images must share one size unless {@code imageSize} resizes
 * them; all-grayscale gives 1 channel, anything in colour 3. Images are taken in entry-name order,
 * so the result does not depend on how the zip was written.
 */
public final class ImageFolderZipParser implements DatasetParser {

    private static final List<String> SUFFIXES = List.of(".png", ".jpg", ".jpeg");
    /** The largest image file read (each is read whole); photographs are a few megabytes. */
    static final int MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        IngestLimits limits = upload.limits();
        try (ZipFile zip = SafeZip.open(upload)) {
            List<ZipArchiveEntry> images = SafeZip.entries(zip, upload.fileName(), limits, SUFFIXES, "an image",
                    "PNG or JPEG images");
            FolderLayout layout = FolderLayout.of(images, upload.fileName(), "images");
            AtomicLong expanded = new AtomicLong();
            Shape shape = probe(zip, images, upload, expanded);
            int side = upload.imageSize() == null ? 0 : upload.imageSize();
            sink.startImages(shape.channels, side > 0 ? side : shape.height, side > 0 ? side : shape.width,
                    layout.classes());
            for (ZipArchiveEntry entry : images) {
                sink.addImage(decode(zip, entry, limits, expanded, shape, side), layout.label(entry));
            }
        }
    }

    /** What every image of an upload becomes: channels (1 or 3) and the size of the first image. */
    record Shape(int channels, int height, int width) {
    }

    /**
     * Second pass: one image as uint8 CHW with the upload's channel count, resized to a square of
     * {@code side} when it is positive.
     */
    static byte[] decode(ZipFile zip, ZipArchiveEntry entry, IngestLimits limits, AtomicLong expanded, Shape shape,
            int side) throws IOException {
        byte[] bytes = SafeZip.read(zip, entry, limits, expanded, MAX_IMAGE_FILE_BYTES);
        byte[] chw = ImageDecoding.decodeChw(bytes, shape.channels);
        if (chw == null) {
            throw new InvalidDatasetException(entry.getName(), "corrupt image: it cannot be decoded as PNG or JPEG");
        }
        if (side > 0) {
            ImageDecoding.Header header = ImageDecoding.header(bytes);
            chw = ImageResize.square(chw, shape.channels, header.height(), header.width(), side);
        }
        return chw;
    }

    /**
     * First pass: headers only, to fix the channel count and check sizes before writing anything.
     * Resets {@code expanded} afterwards, as the second pass reads the same bytes again.
     */
    static Shape probe(ZipFile zip, List<ZipArchiveEntry> images, Upload upload, AtomicLong expanded)
            throws IOException {
        IngestLimits limits = upload.limits();
        int channels = 1;
        ImageDecoding.Header first = null;
        String firstName = null;
        for (ZipArchiveEntry entry : images) {
            byte[] bytes = SafeZip.read(zip, entry, limits, expanded, MAX_IMAGE_FILE_BYTES);
            if (!ImageDecoding.isPngOrJpeg(bytes)) {
                throw new InvalidDatasetException(entry.getName(), "not a PNG or JPEG image (wrong file signature)");
            }
            ImageDecoding.Header header = ImageDecoding.header(bytes);
            if (header == null) {
                throw new InvalidDatasetException(entry.getName(), "corrupt image: its header cannot be read");
            }
            if (header.width() > limits.maxImageSide() || header.height() > limits.maxImageSide()) {
                throw new InvalidDatasetException(entry.getName(), "is " + header.width() + "x" + header.height()
                        + ", larger than the " + limits.maxImageSide() + " px limit");
            }
            if (first == null) {
                first = header;
                firstName = entry.getName();
            } else if (upload.imageSize() == null
                    && (header.width() != first.width() || header.height() != first.height())) {
                throw new InvalidDatasetException(entry.getName(), "is " + header.width() + "x" + header.height()
                        + " but " + firstName + " is " + first.width() + "x" + first.height()
                        + "; all images must share one size, or pass imageSize to resize them");
            }
            channels = Math.max(channels, header.colorComponents());
        }
        expanded.set(0);
        return new Shape(channels, first.height(), first.width());
    }
}
