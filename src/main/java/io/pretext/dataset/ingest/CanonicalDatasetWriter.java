package io.pretext.dataset.ingest;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.pretext.storage.ArtifactStore;

/**
 * Writes samples into the canonical form under a key prefix: shards of raw samples (uint8 CHW
 * images, int16 PCM clips, or int32-length-prefixed UTF-8 texts, all little-endian), {@code labels.bin} (int32 LE),
 * for captioned images {@code captions.bin} (see {@link CanonicalDataset.Captions}), and
 * {@code manifest.json}. Shards are staged in a local temp file and put into the store when full,
 * so memory stays bounded whatever the upload size. The SHA-256 covers the canonical content only,
 * so the same data in another encoding hashes the same. Not thread-safe. {@link #abort()} removes
 * everything written.
 */
public final class CanonicalDatasetWriter implements SampleSink {

    static final String MANIFEST = "manifest.json";
    static final String LABELS = "labels.bin";
    static final String CAPTIONS = "captions.bin";

    private final String prefix;
    private final Path tmpDir;
    private final ShardStaging objects;
    private final MessageDigest digest = sha256();
    private final LabelBuffer labels = new LabelBuffer();
    private final TextLabelIds textLabels = new TextLabelIds();

    private String modality;
    private List<Integer> shape = List.of();
    private List<String> imageClasses = List.of();
    private Boolean labeled;
    private int numSamples;
    private CaptionStaging captions;

    /**
     * @param prefix key prefix ending in {@code /}, e.g. {@code datasets/<id>/}
     * @param tmpDir local folder for staging shards
     * @param shardBytes target shard size in bytes
     */
    public CanonicalDatasetWriter(ArtifactStore store, String prefix, Path tmpDir, long shardBytes) {
        this.prefix = prefix;
        this.tmpDir = tmpDir;
        this.objects = new ShardStaging(store, prefix, tmpDir, shardBytes);
    }

    @Override
    public void startImages(int channels, int height, int width, List<String> classes) {
        requireNotStarted();
        if (channels != 1 && channels != 3) {
            throw new InvalidDatasetException(null, "images must have 1 or 3 channels, not " + channels);
        }
        modality = "image";
        shape = List.of(channels, height, width);
        imageClasses = List.copyOf(classes);
        digest.update(("pretext-dataset-v1\nimage " + channels + "x" + height + "x" + width + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void addImage(byte[] chw, int label) throws IOException {
        if (!"image".equals(modality)) {
            throw new IllegalStateException("startImages first");
        }
        if (chw.length != shape.get(0) * shape.get(1) * shape.get(2)) {
            throw new IllegalArgumentException("image of " + chw.length + " bytes, shape needs "
                    + shape.get(0) * shape.get(1) * shape.get(2));
        }
        requireLabel(label);
        track(label != UNLABELED, label);
        objects.out(numSamples).write(chw);
        digest.update(chw);
        afterSample(chw.length);
    }

    @Override
    public void addCaption(int image, String text) throws IOException {
        if (!"image".equals(modality)) {
            throw new IllegalStateException("captions belong to images");
        }
        if (image < 0 || image >= numSamples) {
            throw new IllegalArgumentException("caption of image " + image + ", but " + numSamples
                    + " images were added");
        }
        if (captions == null) {
            captions = new CaptionStaging(tmpDir, digest);
        }
        captions.add(image, text);
    }

    @Override
    public void startAudio(int sampleRate, int clipSamples, List<String> classes) {
        requireNotStarted();
        modality = "audio";
        shape = List.of(sampleRate, clipSamples);
        imageClasses = List.copyOf(classes);
        digest.update(("pretext-dataset-v1\naudio " + sampleRate + "Hz x" + clipSamples + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void addAudio(short[] pcm, int label) throws IOException {
        if (!"audio".equals(modality)) {
            throw new IllegalStateException("startAudio first");
        }
        if (pcm.length != shape.get(1)) {
            throw new IllegalArgumentException("clip of " + pcm.length + " samples, shape needs " + shape.get(1));
        }
        requireLabel(label);
        track(label != UNLABELED, label);
        byte[] le = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            le[2 * i] = (byte) pcm[i];
            le[2 * i + 1] = (byte) (pcm[i] >>> 8);
        }
        objects.out(numSamples).write(le);
        digest.update(le);
        afterSample(le.length);
    }

    @Override
    public void startText() {
        requireNotStarted();
        modality = "text";
        digest.update("pretext-dataset-v1\ntext\n".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void addText(String text, String label) throws IOException {
        if (!"text".equals(modality)) {
            throw new IllegalStateException("startText first");
        }
        track(label != null, label == null ? UNLABELED : textLabels.id(label));
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        DataOutputStream shard = objects.out(numSamples);
        shard.writeInt(Integer.reverseBytes(utf8.length));
        shard.write(utf8);
        digest.update(new byte[] {(byte) utf8.length, (byte) (utf8.length >>> 8), (byte) (utf8.length >>> 16),
            (byte) (utf8.length >>> 24)});
        digest.update(utf8);
        afterSample(4L + utf8.length);
    }

    /**
     * Flushes the last shard, writes labels and manifest.
     *
     * @throws InvalidDatasetException when no sample was added
     */
    public CanonicalDataset finish(ManifestWriter manifests) throws IOException {
        if (numSamples == 0) {
            throw new InvalidDatasetException(null, "the upload contains no samples");
        }
        objects.closeShard(numSamples);
        List<String> classes = "text".equals(modality) ? textLabels.sortedNamesAndRemap(labels) : imageClasses;
        int[] counts = new int[classes.size()];
        String labelsKey = null;
        if (Boolean.TRUE.equals(labeled)) {
            labelsKey = prefix + LABELS;
            writeLabels(labelsKey, counts);
        }
        CanonicalDataset.Captions storedCaptions = storeCaptions();
        digest.update(String.join("\n", classes).getBytes(StandardCharsets.UTF_8));
        List<Integer> classCounts = java.util.Arrays.stream(counts).boxed().toList();
        String sha = HexFormat.of().formatHex(digest.digest());
        CanonicalDataset partial = new CanonicalDataset(modality, numSamples, shape, classes, classCounts,
                Boolean.TRUE.equals(labeled), objects.shards(), labelsKey, sha, objects.sizeBytes(), storedCaptions);
        byte[] manifest = manifests.toJson(partial);
        CanonicalDataset result = new CanonicalDataset(modality, numSamples, shape, classes, classCounts,
                partial.labeled(), partial.shards(), labelsKey, sha, partial.sizeBytes() + manifest.length,
                storedCaptions);
        objects.put(prefix + MANIFEST, new java.io.ByteArrayInputStream(manifests.toJson(result)));
        return result;
    }

    /** Serialises the manifest; supplied by the caller so this class stays free of JSON wiring. */
    @FunctionalInterface
    public interface ManifestWriter {
        byte[] toJson(CanonicalDataset dataset) throws IOException;
    }

    /** Deletes every object written so far and the staging file. Safe to call more than once. */
    public void abort() throws IOException {
        IOException failure = null;
        if (captions != null) {
            try {
                captions.delete();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            objects.abort();
        } catch (IOException e) {
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void requireLabel(int label) {
        if (label != UNLABELED && (label < 0 || label >= imageClasses.size())) {
            throw new InvalidDatasetException("sample " + numSamples,
                    "label " + label + " out of range 0.." + (imageClasses.size() - 1));
        }
    }

    private void track(boolean hasLabel, int label) {
        if (labeled == null) {
            labeled = hasLabel;
        } else if (labeled != hasLabel) {
            throw new InvalidDatasetException("sample " + numSamples,
                    "some samples have labels and others do not; label all of them or none");
        }
        labels.add(label);
    }

    private void afterSample(long bytes) throws IOException {
        numSamples++;
        objects.wrote(bytes, numSamples);
    }

    private CanonicalDataset.Captions storeCaptions() throws IOException {
        if (captions == null) {
            return null;
        }
        String key = prefix + CAPTIONS;
        try (InputStream in = Files.newInputStream(captions.close())) {
            objects.put(key, in);
        } finally {
            captions.delete();
        }
        return new CanonicalDataset.Captions(key, captions.count());
    }

    private void writeLabels(String key, int[] counts) throws IOException {
        Path file = Files.createTempFile(tmpDir, "labels-", ".part");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
                byte[] le = new byte[4];
                for (int i = 0; i < labels.size(); i++) {
                    int label = labels.get(i);
                    counts[label]++;
                    le[0] = (byte) label;
                    le[1] = (byte) (label >>> 8);
                    le[2] = (byte) (label >>> 16);
                    le[3] = (byte) (label >>> 24);
                    out.write(le);
                    digest.update(le);
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                objects.put(key, in);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void requireNotStarted() {
        if (modality != null) {
            throw new IllegalStateException("already started as " + modality);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
