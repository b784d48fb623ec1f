package io.pretext.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import io.pretext.web.InvalidRequestException;
import io.pretext.dataset.ingest.ArchivePaths;
import io.pretext.dataset.ingest.ImageTextZipParser;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** Detects an upload's format from its first bytes (and, as a last hint, its name). Stateless. */
final class FormatSniffer {

    private static final String CAPTIONS = ImageTextZipParser.CAPTIONS_FILE;

    private FormatSniffer() {
    }

    static DatasetFormat detect(Path file, String fileName, boolean hasLabels) throws IOException {
        if (hasLabels) {
            return DatasetFormat.IDX;
        }
        byte[] head = head(file, 1024);
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            return zipFormat(file);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            byte[] inner = gunzippedHead(file, 1024);
            if (isIdx(inner)) {
                return DatasetFormat.IDX;
            }
            if (inner.length >= 262 && new String(inner, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
                return DatasetFormat.CIFAR_BINARY;
            }
        }
        if (isIdx(head)) {
            return DatasetFormat.IDX;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".bin")) {
            return DatasetFormat.CIFAR_BINARY;
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.startsWith("{")) {
            return DatasetFormat.TEXT_JSONL;
        }
        if (text.toLowerCase(Locale.ROOT).startsWith("text")) {
            return DatasetFormat.TEXT_CSV;
        }
        throw new InvalidRequestException(415, "format", "Could not detect the format of " + fileName + ": it looks like "
                + ContentDescription.of(head) + ". Accepted: a zip of images in class folders "
                + "(image-folder-zip), a zip of images with a captions.jsonl (image-text-zip), a zip of WAV clips "
                + "in class folders (audio-folder-zip), IDX files, gzipped or not (idx), CIFAR binary batches "
                + "(cifar-binary), JSON lines "
                + "with a \"text\" field (text-jsonl), CSV with a header starting \"text\" (text-csv); pass format= to "
                + "say which");
    }

    /**
     * A zip with any WAV clip (debris aside) is an audio upload; one with a {@code captions.jsonl}
     * an image-text upload; any other an image upload.
     */
    private static DatasetFormat zipFormat(Path file) {
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            List<String> names = Collections.list(zip.getEntries()).stream().map(ZipArchiveEntry::getName)
                    .filter(n -> !n.endsWith("/") && !ArchivePaths.isIgnorable(n)).map(n -> n.toLowerCase(Locale.ROOT))
                    .toList();
            if (names.stream().anyMatch(n -> n.endsWith(".wav") || n.endsWith(".wave"))) {
                return DatasetFormat.AUDIO_FOLDER_ZIP;
            }
            return names.stream().anyMatch(n -> n.equals(CAPTIONS) || n.endsWith("/" + CAPTIONS))
                    ? DatasetFormat.IMAGE_TEXT_ZIP : DatasetFormat.IMAGE_FOLDER_ZIP;
        } catch (IOException e) {
            return DatasetFormat.IMAGE_FOLDER_ZIP; // whose parser reports the unreadable zip
        }
    }

    private static boolean isIdx(byte[] head) {
        return head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08 && (head[3] == 1 || head[3] == 3);
    }

    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    private static byte[] gunzippedHead(Path file, int n) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readNBytes(n);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
