package io.pretext.dataset.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * {@code image-text-zip}: PNG/JPEG images anywhere in a zip plus one {@code captions.jsonl} (see
 * {@link CaptionsJsonl}) at its root or in its one top folder; every image needs a caption and every
 * caption an image. The images follow the {@code image-folder-zip} rules (one size unless
 * {@code imageSize} resizes them; 1 or 3 channels) and are taken in entry-name order; folders mean
 * nothing, labels come from the captions file. Everything is checked before the first image is
 * handed to the sink. Stateless and thread-safe.
 */
public final class ImageTextZipParser implements DatasetParser {

    /** The captions file's name, at the root or in the one top folder. */
    public static final String CAPTIONS_FILE = "captions.jsonl";
    private static final List<String> SUFFIXES = List.of(".png", ".jpg", ".jpeg", CAPTIONS_FILE);
    /** The largest captions file read (it is read whole): two million short captions. */
    static final int MAX_CAPTIONS_FILE_BYTES = 64 * 1024 * 1024;

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        IngestLimits limits = upload.limits();
        try (ZipFile zip = SafeZip.open(upload)) {
            List<ZipArchiveEntry> entries = SafeZip.entries(zip, upload.fileName(), limits, SUFFIXES,
                    "an image or " + CAPTIONS_FILE, "PNG or JPEG images or " + CAPTIONS_FILE);
            ZipArchiveEntry captionsEntry = captionsEntry(entries, upload.fileName());
            String folder = parent(captionsEntry.getName());
            List<ZipArchiveEntry> images = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            for (ZipArchiveEntry entry : entries) {
                if (entry == captionsEntry) {
                    continue;
                }
                if (!entry.getName().startsWith(folder)) {
                    throw new InvalidDatasetException(entry.getName(), "lies outside " + folder + ", the folder "
                            + "holding " + CAPTIONS_FILE + "; captions can only name images in or under it");
                }
                index.put(entry.getName().substring(folder.length()), images.size());
                images.add(entry);
            }
            if (images.isEmpty()) {
                throw new InvalidDatasetException(upload.fileName(), "contains no PNG or JPEG images");
            }
            AtomicLong expanded = new AtomicLong();
            CaptionsJsonl captions = CaptionsJsonl.parse(
                    SafeZip.read(zip, captionsEntry, limits, expanded, MAX_CAPTIONS_FILE_BYTES),
                    captionsEntry.getName(), index, images.stream().map(ZipArchiveEntry::getName).toList());
            ImageFolderZipParser.Shape shape = ImageFolderZipParser.probe(zip, images, upload, expanded);
            int side = upload.imageSize() == null ? 0 : upload.imageSize();
            sink.startImages(shape.channels(), side > 0 ? side : shape.height(), side > 0 ? side : shape.width(),
                    captions.classes());
            for (int i = 0; i < images.size(); i++) {
                sink.addImage(ImageFolderZipParser.decode(zip, images.get(i), limits, expanded, shape, side),
                        captions.labels()[i]);
            }
            for (CaptionsJsonl.Caption caption : captions.captions()) {
                sink.addCaption(caption.image(), caption.text());
            }
        }
    }

    /** The one {@code captions.jsonl}, at the root or in a top folder. */
    private static ZipArchiveEntry captionsEntry(List<ZipArchiveEntry> entries, String fileName) {
        ZipArchiveEntry found = null;
        for (ZipArchiveEntry entry : entries) {
            String name = entry.getName();
            if (isImage(name)) {
                continue;
            }
            String last = name.substring(name.lastIndexOf('/') + 1);
            if (!last.equals(CAPTIONS_FILE) || name.chars().filter(c -> c == '/').count() > 1) {
                throw new InvalidDatasetException(name, "not an image; the only other file accepted is one "
                        + CAPTIONS_FILE + " at the root of the zip (or in its one top folder)");
            }
            if (found != null) {
                throw new InvalidDatasetException(name, "a second " + CAPTIONS_FILE + " (the first is "
                        + found.getName() + "); the zip must hold exactly one");
            }
            found = entry;
        }
        if (found == null) {
            throw new InvalidDatasetException(fileName, "has no " + CAPTIONS_FILE + " at its root: an image-text-zip "
                    + "needs one JSON line {\"file\": ..., \"text\": ...} per caption");
        }
        return found;
    }

    private static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    /** The folder part of a path with its trailing slash, or "" at the root. */
    private static String parent(String name) {
        return name.substring(0, name.lastIndexOf('/') + 1);
    }
}
