package io.pretext.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.pretext.dataset.ingest.CanonicalDataset;
import io.pretext.storage.ArtifactStore;
import org.springframework.stereotype.Component;

/** Reads a dataset's canonical content back from the artifact store. Thread-safe. */
@Component
class DatasetContent {

    private final ArtifactStore store;
    private final DatasetJson json;

    DatasetContent(ArtifactStore store, DatasetJson json) {
        this.store = store;
        this.json = json;
    }

    CanonicalDataset manifest(UUID id) throws IOException {
        try (InputStream in = store.get(DatasetKeys.manifest(id))) {
            return json.readManifest(in.readAllBytes());
        }
    }

    /** All labels, or an empty array when the dataset is unlabeled. */
    int[] labels(CanonicalDataset manifest) throws IOException {
        if (manifest.labelsKey() == null) {
            return new int[0];
        }
        int[] labels = new int[manifest.numSamples()];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(store.get(manifest.labelsKey())))) {
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Integer.reverseBytes(in.readInt());
            }
        }
        return labels;
    }

    /**
     * Every fixed-size sample, read straight into one array: {@code numSamples * C * H * W} uint8
     * for images, {@code numSamples * clipSamples} int16 LE for audio.
     */
    byte[] allSamples(CanonicalDataset manifest) throws IOException {
        byte[] pixels = new byte[Math.multiplyExact(manifest.numSamples(), manifest.sampleBytes())];
        for (CanonicalDataset.Shard shard : manifest.shards()) {
            int offset = shard.first() * manifest.sampleBytes();
            int length = shard.count() * manifest.sampleBytes();
            try (InputStream in = store.get(shard.key())) {
                if (in.readNBytes(pixels, offset, length) < length) {
                    throw new EOFException("Shard " + shard.key() + " is truncated");
                }
            }
        }
        return pixels;
    }

    /** The first {@code n} fixed-size samples (uint8 CHW images, int16 LE clips). */
    List<byte[]> firstSamples(CanonicalDataset manifest, int n) throws IOException {
        int size = manifest.sampleBytes();
        List<byte[]> images = new ArrayList<>();
        for (CanonicalDataset.Shard shard : manifest.shards()) {
            try (InputStream in = new BufferedInputStream(store.get(shard.key()), 1 << 16)) {
                for (int i = 0; i < shard.count() && images.size() < n; i++) {
                    byte[] image = in.readNBytes(size);
                    if (image.length < size) {
                        throw new EOFException("Shard " + shard.key() + " is truncated");
                    }
                    images.add(image);
                }
            }
            if (images.size() >= n) {
                break;
            }
        }
        return images;
    }

    /** Captions of one image dataset, in stored order; parallel lists. */
    record StoredCaptions(int[] images, List<String> texts) {
    }

    /**
     * The first {@code n} captions (all with {@link Integer#MAX_VALUE}); none when the dataset has
     * no captions.
     */
    StoredCaptions captions(CanonicalDataset manifest, int n) throws IOException {
        if (manifest.captions() == null) {
            return new StoredCaptions(new int[0], List.of());
        }
        int count = Math.min(n, manifest.captions().count());
        int[] images = new int[count];
        List<String> texts = new ArrayList<>(count);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(store.get(manifest.captions().key()),
                1 << 16))) {
            for (int i = 0; i < count; i++) {
                images[i] = Integer.reverseBytes(in.readInt());
                int length = Integer.reverseBytes(in.readInt());
                texts.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
        }
        return new StoredCaptions(images, texts);
    }

    /**
     * The first caption of each of the first {@code n} images, or null when the dataset has no
     * captions. Reads only as far as those images' captions.
     */
    String[] firstCaptionPerImage(CanonicalDataset manifest, int n) throws IOException {
        if (manifest.captions() == null) {
            return null;
        }
        String[] first = new String[Math.min(n, manifest.numSamples())];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(store.get(manifest.captions().key()),
                1 << 16))) {
            for (int i = 0; i < manifest.captions().count(); i++) {
                int image = Integer.reverseBytes(in.readInt());
                int length = Integer.reverseBytes(in.readInt());
                if (image >= first.length) {
                    break;
                }
                byte[] utf8 = in.readNBytes(length);
                if (first[image] == null) {
                    first[image] = new String(utf8, StandardCharsets.UTF_8);
                }
            }
        }
        return first;
    }

    /** The first {@code n} texts. */
    List<String> firstTexts(CanonicalDataset manifest, int n) throws IOException {
        List<String> texts = new ArrayList<>();
        for (CanonicalDataset.Shard shard : manifest.shards()) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(store.get(shard.key())))) {
                for (int i = 0; i < shard.count() && texts.size() < n; i++) {
                    int length = Integer.reverseBytes(in.readInt());
                    texts.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                }
            }
            if (texts.size() >= n) {
                break;
            }
        }
        return texts;
    }
}
