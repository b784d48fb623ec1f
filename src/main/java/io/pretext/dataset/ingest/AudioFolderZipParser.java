package io.pretext.dataset.ingest;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A zip of WAV clips, laid out like {@code image-folder-zip}: a folder per class makes a labeled
 * dataset (classes in name order), one folder an unlabeled one. Each clip becomes the upload's
 * canonical form ({@link AudioClips}: mono, resampled, cut or padded, 16-bit). A bad clip anywhere
 * fails the upload naming it; the caller's writer then removes whatever was written. Stateless and
 * thread-safe.
 */
public final class AudioFolderZipParser implements DatasetParser {

    private static final List<String> SUFFIXES = List.of(".wav", ".wave");
    /**
     * The largest WAV file read (each is read whole): a minute of 96 kHz stereo 32-bit audio, far
     * above any clip a model trains on, and small enough that concurrent uploads cannot exhaust memory.
     */
    static final int MAX_WAV_BYTES = 48 * 1024 * 1024;

    @Override
    public void parse(Upload upload, SampleSink sink) throws IOException {
        IngestLimits limits = upload.limits();
        AudioClips clips = upload.audio();
        try (ZipFile zip = SafeZip.open(upload)) {
            List<ZipArchiveEntry> entries = SafeZip.entries(zip, upload.fileName(), limits, SUFFIXES, "a WAV clip",
                    "WAV clips");
            FolderLayout layout = FolderLayout.of(entries, upload.fileName(), "clips");
            AtomicLong expanded = new AtomicLong();
            sink.startAudio(clips.sampleRate(), clips.clipSamples(), layout.classes());
            for (ZipArchiveEntry entry : entries) {
                sink.addAudio(decode(clips, entry, SafeZip.read(zip, entry, limits, expanded, MAX_WAV_BYTES)), layout.label(entry));
            }
        }
    }

    private static short[] decode(AudioClips clips, ZipArchiveEntry entry, byte[] bytes) {
        try {
            return clips.canonical(bytes);
        } catch (WavDecoder.WavException e) {
            throw new InvalidDatasetException(entry.getName(), e.getMessage());
        }
    }
}
