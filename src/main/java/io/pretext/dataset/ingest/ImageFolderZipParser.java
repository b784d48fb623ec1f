package io.pretext.dataset.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
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

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        IngestLimits limits = upload.limits();
        try (ZipFile zip = open(upload)) {
            List<ZipArchiveEntry> images = imageEntries(zip, upload.fileName(), limits);
            Layout layout = Layout.of(images, upload.fileName());
            AtomicLong expanded = new AtomicLong();
            Shape shape = probe(zip, images, upload, expanded);
            int side = upload.imageSize() == null ? 0 : upload.imageSize();
            sink.startImages(shape.channels, side > 0 ? side : shape.height, side > 0 ? side : shape.width,
                    layout.classes());
            for (ZipArchiveEntry entry : images) {
                byte[] bytes = read(zip, entry, limits, expanded);
                byte[] chw = ImageDecoding.decodeChw(bytes, shape.channels);
                if (chw == null) {
                    throw new InvalidDatasetException(entry.getName(), "corrupt image: it cannot be decoded as PNG or JPEG");
                }
                if (side > 0) {
                    ImageDecoding.Header header = ImageDecoding.header(bytes);
                    chw = ImageResize.square(chw, shape.channels, header.height(), header.width(), side);
                }
                sink.addImage(chw, layout.label(entry));
            }
        }
    }

    private static ZipFile open(Upload upload) throws IOException {
        try {
            return ZipFile.builder().setPath(upload.file()).get();
        } catch (IOException e) {
            throw new InvalidDatasetException(upload.fileName(), "not a readable zip archive");
        }
    }

    private static List<ZipArchiveEntry> imageEntries(ZipFile zip, String fileName, IngestLimits limits) {
        List<ZipArchiveEntry> images = new ArrayList<>();
        EntryPathRegistry paths = new EntryPathRegistry();
        int count = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            if (++count > limits.maxEntries()) {
                throw new InvalidDatasetException(fileName, "more than " + limits.maxEntries() + " entries");
            }
            String name = entry.getName();
            ArchivePaths.requireSafe(name);
            if (entry.isUnixSymlink()) {
                throw new InvalidDatasetException(name, "symbolic links are not accepted");
            }
            if (entry.isDirectory() || ArchivePaths.isIgnorable(name)) {
                continue;
            }
            paths.add(name);
            if (!zip.canReadEntryData(entry)) {
                throw new InvalidDatasetException(name, "encrypted or uses an unsupported compression method");
            }
            if (ArchivePaths.isArchiveName(name)) {
                throw new InvalidDatasetException(name, "nested archives are not accepted");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!(lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg"))) {
                throw new InvalidDatasetException(name, "not an image: only .png, .jpg and .jpeg files are accepted");
            }
            if (entry.getSize() > limits.maxUncompressedBytes()) {
                throw new InvalidDatasetException(413, name, "declares " + entry.getSize() + " bytes, over the limit");
            }
            images.add(entry);
        }
        if (images.isEmpty()) {
            throw new InvalidDatasetException(fileName, "contains no PNG or JPEG images");
        }
        images.sort((a, b) -> a.getName().compareTo(b.getName()));
        return images;
    }

    private record Shape(int channels, int height, int width) {
    }

    /** First pass: headers only, to fix the channel count and check sizes before writing anything. */
    private static Shape probe(ZipFile zip, List<ZipArchiveEntry> images, Upload upload, AtomicLong expanded)
            throws IOException {
        IngestLimits limits = upload.limits();
        int channels = 1;
        ImageDecoding.Header first = null;
        String firstName = null;
        for (ZipArchiveEntry entry : images) {
            byte[] bytes = read(zip, entry, limits, expanded);
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

    private static byte[] read(ZipFile zip, ZipArchiveEntry entry, IngestLimits limits, AtomicLong expanded)
            throws IOException {
        try (InputStream in = new BoundedEntryStream(zip.getInputStream(entry), entry.getName(),
                entry.getCompressedSize(), limits.maxCompressionRatio(), expanded, limits.maxUncompressedBytes())) {
            return in.readAllBytes();
        } catch (InvalidDatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidDatasetException(entry.getName(), "corrupt archive entry: " + e.getMessage());
        }
    }

    /** Labeled (one folder per class) or unlabeled (one folder), decided from the entries' folders. */
    private record Layout(List<String> classes, int depth) {

        static Layout of(List<ZipArchiveEntry> images, String fileName) {
            TreeMap<String, Integer> folders = new TreeMap<>();
            for (ZipArchiveEntry entry : images) {
                folders.merge(parent(entry.getName()), 1, Integer::sum);
            }
            if (folders.size() == 1) {
                return new Layout(List.of(), -1);
            }
            String root = commonParent(folders.firstKey(), folders.lastKey());
            int depth = root.isEmpty() ? 0 : root.split("/").length;
            for (String folder : folders.keySet()) {
                if (folder.isEmpty() || folder.split("/").length != depth + 1) {
                    throw new InvalidDatasetException(folder.isEmpty() ? "(root)" : folder + "/",
                            "mixed layout in " + fileName + ": put images either all in one folder (unlabeled) "
                                    + "or in one folder per class under a common parent (labeled)");
                }
            }
            List<String> classes = folders.keySet().stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList();
            return new Layout(classes, depth);
        }

        int label(ZipArchiveEntry entry) {
            if (depth < 0) {
                return SampleSink.UNLABELED;
            }
            String[] parts = parent(entry.getName()).split("/");
            return classes.indexOf(parts[depth]);
        }

        private static String parent(String name) {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? "" : name.substring(0, slash);
        }

        private static String commonParent(String a, String b) {
            String[] x = a.split("/");
            String[] y = b.split("/");
            StringBuilder common = new StringBuilder();
            for (int i = 0; i < Math.min(x.length, y.length) && x[i].equals(y[i]); i++) {
                common.append(common.length() == 0 ? "" : "/").append(x[i]);
            }
            return common.toString();
        }
    }
}
