package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.pretext.storage.ArtifactStore;
import io.pretext.storage.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalDatasetWriterTest {

    @TempDir
    Path dir;

    ArtifactStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = TestStores.folder(dir.resolve("store"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    @Test
    void images_are_sharded_labels_counted_and_hashed() throws Exception {
        CanonicalDatasetWriter writer = writer("a", 10);
        writer.startImages(1, 2, 2, List.of("x", "y"));
        for (int i = 0; i < 7; i++) {
            writer.addImage(new byte[] {(byte) i, 0, 0, 0}, i % 2);
        }

        CanonicalDataset dataset = writer.finish(d -> "{}".getBytes());

        assertThat(dataset.numSamples()).isEqualTo(7);
        assertThat(dataset.shards()).extracting(CanonicalDataset.Shard::count).containsExactly(3, 3, 1);
        assertThat(dataset.classCounts()).containsExactly(4, 3);
        assertThat(dataset.sha256()).hasSize(64);
        assertThat(store.list("a/")).containsExactly("a/labels.bin", "a/manifest.json", "a/samples-00000.bin",
                "a/samples-00001.bin", "a/samples-00002.bin");
    }

    @Test
    void the_hash_depends_on_content_only_not_on_sharding_or_prefix() throws Exception {
        assertThat(imageHash("p/", 4, 1)).isEqualTo(imageHash("q/", 1000, 1)).isNotEqualTo(imageHash("r/", 4, 2));
    }

    @Test
    void text_labels_become_classes_in_sorted_order() throws Exception {
        CanonicalDatasetWriter writer = writer("t", 1 << 20);
        writer.startText();
        writer.addText("b text", "zebra");
        writer.addText("a text", "ant");
        writer.addText("c text", "zebra");

        CanonicalDataset dataset = writer.finish(d -> "{}".getBytes());

        assertThat(dataset.classes()).containsExactly("ant", "zebra");
        assertThat(dataset.classCounts()).containsExactly(1, 2);
        try (var in = store.get("t/labels.bin")) {
            assertThat(in.readAllBytes()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
        }
    }

    @Test
    void abort_removes_every_object_and_staging_file() throws Exception {
        CanonicalDatasetWriter writer = writer("gone", 8);
        writer.startImages(1, 2, 2, List.of());
        for (int i = 0; i < 5; i++) {
            writer.addImage(new byte[4], SampleSink.UNLABELED);
        }
        assertThat(store.list("gone/")).isNotEmpty();

        writer.abort();

        assertThat(store.list("gone/")).isEmpty();
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void captions_are_stored_beside_the_images_and_change_the_hash() throws Exception {
        String plain = imageHash("p/", 100, 1);
        CanonicalDatasetWriter writer = writer("c", 100);
        writer.startImages(1, 2, 2, List.of("only"));
        for (int i = 0; i < 5; i++) {
            writer.addImage(new byte[] {(byte) i, 1, 2, 3}, 0);
        }
        writer.addCaption(0, "first");
        writer.addCaption(0, "\u00e9t\u00e9");
        writer.addCaption(4, "last");

        CanonicalDataset dataset = writer.finish(d -> "{}".getBytes());

        assertThat(dataset.captions()).isEqualTo(new CanonicalDataset.Captions("c/captions.bin", 3));
        assertThat(dataset.sha256()).isNotEqualTo(plain);
        try (var in = store.get("c/captions.bin")) {
            assertThat(in.readAllBytes()).containsExactly(0, 0, 0, 0, 5, 0, 0, 0, 'f', 'i', 'r', 's', 't',
                    0, 0, 0, 0, 5, 0, 0, 0, 0xc3, 0xa9, 't', 0xc3, 0xa9,
                    4, 0, 0, 0, 4, 0, 0, 0, 'l', 'a', 's', 't');
        }
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_caption_of_an_image_not_yet_added_or_out_of_order_is_a_bug() throws Exception {
        CanonicalDatasetWriter writer = writer("o", 100);
        writer.startImages(1, 2, 2, List.of());
        writer.addImage(new byte[4], SampleSink.UNLABELED);
        writer.addImage(new byte[4], SampleSink.UNLABELED);
        writer.addCaption(1, "b");

        assertThatThrownBy(() -> writer.addCaption(2, "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.addCaption(0, "a")).isInstanceOf(IllegalArgumentException.class);
        writer.abort();
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void mixing_labeled_and_unlabeled_samples_is_refused() throws Exception {
        CanonicalDatasetWriter writer = writer("m", 100);
        writer.startText();
        writer.addText("a", "x");

        assertThatThrownBy(() -> writer.addText("b", null)).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("sample 1");
    }

    @Test
    void an_empty_dataset_is_refused() {
        CanonicalDatasetWriter writer = writer("e", 100);
        writer.startText();

        assertThatThrownBy(() -> writer.finish(d -> new byte[0])).hasMessageContaining("no samples");
    }

    private String imageHash(String prefix, long shardBytes, int variant) throws Exception {
        CanonicalDatasetWriter writer = writer(prefix.substring(0, 1), shardBytes);
        writer.startImages(1, 2, 2, List.of("only"));
        for (int i = 0; i < 5; i++) {
            writer.addImage(new byte[] {(byte) (i * variant), 1, 2, 3}, 0);
        }
        return writer.finish(d -> "{}".getBytes()).sha256();
    }

    private CanonicalDatasetWriter writer(String prefix, long shardBytes) {
        return new CanonicalDatasetWriter(store, prefix + "/", dir.resolve("tmp"), shardBytes);
    }
}
