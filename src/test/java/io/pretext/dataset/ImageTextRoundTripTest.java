package io.pretext.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.dataset.ingest.CanonicalDataset;
import io.pretext.dataset.ingest.CanonicalDatasetWriter;
import io.pretext.dataset.ingest.ImageTextZipParser;
import io.pretext.dataset.ingest.IngestLimits;
import io.pretext.dataset.ingest.Upload;
import io.pretext.storage.ArtifactStore;
import io.pretext.storage.TestStores;
import io.pretext.testing.DatasetFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** An image-text upload written in canonical form and read back the way the training child reads it. */
class ImageTextRoundTripTest {

    @TempDir
    Path dir;

    ArtifactStore store;
    JsonMapper mapper = JsonMapper.builder().build();

    @BeforeEach
    void setUp() throws IOException {
        store = TestStores.folder(dir.resolve("store"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    @Test
    void captions_images_and_labels_read_back_in_stored_order() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("b.png", DatasetFiles.png(8, 8, false, 2));
        entries.put("a.png", DatasetFiles.png(8, 8, false, 1));
        entries.put("captions.jsonl", String.join("\n",
                "{\"file\": \"b.png\", \"text\": \"a blue icon\", \"label\": \"Utility\"}",
                "{\"file\": \"a.png\", \"text\": \"an editor\", \"label\": \"Development\"}",
                "{\"file\": \"b.png\", \"text\": \"a calculator \u2014 sums\"}").getBytes(StandardCharsets.UTF_8));
        UUID id = UUID.randomUUID();

        CanonicalDataset canonical = ingest(id, DatasetFiles.zip(entries));

        DatasetReader reader = new DatasetReader(store, mapper);
        DatasetReader.Captions captions = reader.captions(id);
        assertThat(captions.size()).isEqualTo(3).isEqualTo(canonical.numCaptions());
        assertThat(captions.images()).containsExactly(0, 1, 1);
        assertThat(captions.texts()).containsExactly("an editor", "a blue icon", "a calculator \u2014 sums");
        assertThat(captions.sha256()).isEqualTo(canonical.sha256());
        DatasetReader.Images images = reader.images(id);
        assertThat(images.numSamples()).isEqualTo(2);
        assertThat(images.channels()).isEqualTo(3);
        assertThat(images.classes()).containsExactly("Development", "Utility");
        assertThat(images.labels()).containsExactly(0, 1);
        assertThat(reader.modality(id)).isEqualTo(Modality.IMAGE);
        assertThat(reader.hasCaptions(id)).isTrue();
    }

    @Test
    void the_same_images_with_other_captions_are_other_content() throws Exception {
        byte[] png = DatasetFiles.png(4, 4, true, 1);
        String one = ingest(UUID.randomUUID(), DatasetFiles.zip(Map.of("a.png", png, "captions.jsonl",
                "{\"file\": \"a.png\", \"text\": \"one\"}".getBytes(StandardCharsets.UTF_8)))).sha256();
        String two = ingest(UUID.randomUUID(), DatasetFiles.zip(Map.of("a.png", png, "captions.jsonl",
                "{\"file\": \"a.png\", \"text\": \"two\"}".getBytes(StandardCharsets.UTF_8)))).sha256();

        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void a_dataset_without_captions_says_so_and_old_manifests_still_read() throws Exception {
        UUID id = UUID.randomUUID();
        // A manifest as written before captions existed: no "captions" property.
        String manifest = "{\"modality\":\"image\",\"numSamples\":1,\"shape\":[1,2,2],\"classes\":[],"
                + "\"classCounts\":[],\"labeled\":false,\"shards\":[{\"key\":\"datasets/" + id
                + "/samples-00000.bin\",\"first\":0,\"count\":1}],\"labelsKey\":null,\"sha256\":\"00\","
                + "\"sizeBytes\":4}";
        store.put(DatasetKeys.manifest(id), new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)));
        store.put(DatasetKeys.prefix(id) + "samples-00000.bin", new ByteArrayInputStream(new byte[] {1, 2, 3, 4}));

        DatasetReader reader = new DatasetReader(store, mapper);

        assertThat(reader.hasCaptions(id)).isFalse();
        assertThat(reader.images(id).pixels()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> reader.captions(id)).isInstanceOf(IOException.class)
                .hasMessageContaining("no captions");
    }

    private CanonicalDataset ingest(UUID id, byte[] zip) throws IOException {
        Path file = Files.write(dir.resolve("upload-" + id + ".zip"), zip);
        CanonicalDatasetWriter writer = new CanonicalDatasetWriter(store, DatasetKeys.prefix(id), dir.resolve("tmp"),
                1 << 20);
        new ImageTextZipParser().parse(new Upload(file, "upload.zip", null, null, List.of(), null, null,
                IngestLimits.defaults()), writer);
        return writer.finish(new DatasetJson(mapper)::manifest);
    }
}
