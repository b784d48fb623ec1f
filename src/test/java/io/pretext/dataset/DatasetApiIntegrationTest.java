package io.pretext.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.IntegrationTest;
import io.pretext.testing.Tenants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@IntegrationTest
class DatasetApiIntegrationTest {

    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ArtifactStore store;

    ApiClient api;
    String key;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        key = Tenants.newTenantKey(api);
    }

    @Test
    void fashion_mnist_train_uploads_as_60000_samples_and_dedupes_and_splits_deterministically() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(FASHION_MNIST),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); skipping the real-data test");
        FilePart images = new FilePart("file", "train-images-idx3-ubyte.gz",
                Files.readAllBytes(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")));
        FilePart labels = new FilePart("labels", "train-labels-idx1-ubyte.gz",
                Files.readAllBytes(FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz")));

        Response first = api.upload("/v1/datasets", key, Map.of("name", "fmnist-train"), images, labels);
        Response again = api.upload("/v1/datasets", key, Map.of("name", "fmnist-again"), images, labels);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("numSamples").asInt()).isEqualTo(60_000);
        assertThat(first.json().get("numClasses").asInt()).isEqualTo(10);
        assertThat(first.json().get("classCounts").values()).extracting(n -> n.asInt()).containsOnly(6000);
        assertThat(first.json().get("shape").values()).extracting(n -> n.asInt()).containsExactly(1, 28, 28);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());

        String split = "/v1/datasets/" + first.json().get("id").asString() + "/split?labelFraction=0.01&seed=7";
        Response one = api.get(split, key);
        assertThat(one.json().at("/train/classCounts").values()).extracting(n -> n.asInt()).containsOnly(60);
        assertThat(api.get(split, key).body()).isEqualTo(one.body());
    }

    @Test
    void a_labeled_zip_can_be_listed_read_back_pictured_and_deleted() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            entries.put((i % 2 == 0 ? "cat/" : "dog/") + i + ".png", DatasetFiles.png(12, 12, false, i));
        }
        Response created = api.upload("/v1/datasets", key, Map.of("name", "pets"),
                new FilePart("file", "pets.zip", DatasetFiles.zip(entries)));
        String id = created.json().get("id").asString();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/v1/datasets/" + id);
        assertThat(created.json().get("format").asString()).isEqualTo("image-folder-zip");
        assertThat(created.json().get("classes").values()).extracting(n -> n.asString()).containsExactly("cat", "dog");
        assertThat(api.get("/v1/datasets", key).json().get("items").values()).extracting(n -> n.get("id").asString())
                .containsExactly(id);
        var png = api.getBytes("/v1/datasets/" + id + "/samples.png?n=6", key);
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(Arrays.copyOf(png.body(), 4)).containsExactly(0x89, 'P', 'N', 'G');

        assertThat(api.send("DELETE", "/v1/datasets/" + id, key, null, null).status()).isEqualTo(204);
        assertThat(api.get("/v1/datasets/" + id, key).status()).isEqualTo(404);
        assertThat(storedKeys(id)).isEmpty();
    }

    @Test
    void text_jsonl_and_csv_uploads_list_their_records_with_labels() {
        String jsonl = "{\"text\": \"the cat sat\", \"label\": \"pets\"}\n{\"text\": \"stocks fell\", \"label\": \"news\"}\n";
        String csv = "text,label\n\"hello, world\",greeting\nbye,farewell\n";

        Response fromJsonl = api.upload("/v1/datasets", key, Map.of("name", "j"),
                new FilePart("file", "t.jsonl", jsonl.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Response fromCsv = api.upload("/v1/datasets", key, Map.of("name", "c"),
                new FilePart("file", "t.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(fromJsonl.status()).isEqualTo(201);
        assertThat(fromJsonl.json().get("format").asString()).isEqualTo("text-jsonl");
        assertThat(fromJsonl.json().get("modality").asString()).isEqualTo("text");
        assertThat(fromJsonl.json().get("classes").values()).extracting(n -> n.asString()).containsExactly("news", "pets");
        assertThat(fromCsv.json().get("format").asString()).isEqualTo("text-csv");
        Response samples = api.get("/v1/datasets/" + fromCsv.json().get("id").asString() + "/samples?n=5", key);
        assertThat(samples.json().values()).extracting(n -> n.get("text").asString())
                .containsExactly("hello, world", "bye");
        assertThat(samples.json().get(0).get("label").asString()).isEqualTo("greeting");
    }

    @Test
    void an_image_text_zip_is_detected_and_lists_its_captions_and_pictures_them() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("icons/calc.png", DatasetFiles.png(16, 16, false, 1));
        entries.put("icons/chess.png", DatasetFiles.png(16, 16, false, 2));
        entries.put("icons/paint.png", DatasetFiles.png(16, 16, false, 3));
        entries.put("captions.jsonl", String.join("\n",
                "{\"file\": \"icons/chess.png\", \"text\": \"Play chess against the computer\", \"label\": \"Game\"}",
                "{\"file\": \"icons/calc.png\", \"text\": \"Perform calculations\", \"label\": \"Utility\"}",
                "{\"file\": \"icons/paint.png\", \"text\": \"Draw and paint pictures with many brushes and "
                        + "layers\", \"label\": \"Graphics\"}",
                "{\"file\": \"icons/chess.png\", \"text\": \"Chess\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Response created = api.upload("/v1/datasets", key, Map.of("name", "icons", "imageSize", "32"),
                new FilePart("file", "icons.zip", DatasetFiles.zip(entries)));
        String id = created.json().get("id").asString();

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("format").asString()).isEqualTo("image-text-zip");
        assertThat(created.json().get("modality").asString()).isEqualTo("image");
        assertThat(created.json().get("numCaptions").asInt()).isEqualTo(4);
        assertThat(created.json().get("shape").values()).extracting(n -> n.asInt()).containsExactly(3, 32, 32);
        assertThat(created.json().get("classes").values()).extracting(n -> n.asString())
                .containsExactly("Game", "Graphics", "Utility");
        assertThat(api.get("/v1/datasets/" + id, key).json().get("numCaptions").asInt()).isEqualTo(4);
        Response captions = api.get("/v1/datasets/" + id + "/samples?n=3", key);
        assertThat(captions.json().values()).extracting(n -> n.get("index").asInt() + " " + n.get("label").asString()
                + ": " + n.get("text").asString()).containsExactly("0 Utility: Perform calculations",
                        "1 Game: Play chess against the computer", "1 Game: Chess");
        var png = api.getBytes("/v1/datasets/" + id + "/samples.png?n=3", key);
        assertThat(png.statusCode()).isEqualTo(200);
        var picture = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()));
        assertThat(picture.getWidth()).as("two captioned cells of 150 px").isEqualTo(300);
    }

    @Test
    void a_cifar_binary_file_uploads_as_32x32_rgb() {
        byte[] records = new byte[3 * 3073];
        for (int r = 0; r < 3; r++) {
            records[r * 3073] = (byte) r;
        }

        Response response = api.upload("/v1/datasets", key, Map.of("name", "cifar", "format", "cifar-binary"),
                new FilePart("file", "data_batch_1.bin", records));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("shape").values()).extracting(n -> n.asInt()).containsExactly(3, 32, 32);
        assertThat(response.json().get("numSamples").asInt()).isEqualTo(3);
    }

    @Test
    void another_tenant_cannot_see_split_or_delete_a_dataset() {
        Response created = api.upload("/v1/datasets", key, Map.of("name", "private"), idxFile(4), idxLabels(4));
        String id = created.json().get("id").asString();
        String other = Tenants.newTenantKey(api);

        assertThat(api.get("/v1/datasets/" + id, other).status()).isEqualTo(404);
        assertThat(api.get("/v1/datasets/" + id + "/split?labelFraction=0.5", other).status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/v1/datasets/" + id, other, null, null).status()).isEqualTo(404);
        assertThat(api.get("/v1/datasets", other).json().get("items").values()).isEmpty();
        assertThat(api.get("/v1/datasets/" + id, key).status()).isEqualTo(200);
    }

    @Test
    void the_same_content_for_another_tenant_is_a_separate_dataset() {
        String other = Tenants.newTenantKey(api);

        Response mine = api.upload("/v1/datasets", key, Map.of("name", "a"), idxFile(3), idxLabels(3));
        Response theirs = api.upload("/v1/datasets", other, Map.of("name", "a"), idxFile(3), idxLabels(3));

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("id").asString()).isNotEqualTo(mine.json().get("id").asString());
    }

    static Stream<Arguments> hostileUploads() {
        byte[] png = DatasetFiles.png(8, 8, true, 1);
        byte[] truncatedPng = Arrays.copyOf(DatasetFiles.png(32, 32, false, 2), 100);
        byte[] images = DatasetFiles.idxImages(5, 4, 4, 1);
        return Stream.of(
                hostile("path traversal", 422, "../x.png", zip(Map.of("../x.png", png))),
                hostile("absolute path", 422, "/abs.png", zip(Map.of("/abs.png", png))),
                hostile("symlink", 422, "symbolic link", new FilePart("file", "l.zip",
                        DatasetFiles.zip(Map.of("a/x.png", png), Map.of("a/passwd.png", "/etc/passwd")))),
                hostile("zip bomb", 422, "bomb.png", zip(Map.of("bomb.png", new byte[64 << 20]))),
                hostile("nested archive", 422, "inner.zip", zip(Map.of("a.png", png, "inner.zip",
                        DatasetFiles.zip(Map.of("b.png", png))))),
                hostile("non-image file", 422, "readme.txt", zip(Map.of("a.png", png, "readme.txt", new byte[] {'x'}))),
                hostile("corrupt image", 422, "b.png", zip(Map.of("a.png", png, "b.png", truncatedPng))),
                hostile("caption of a missing image", 422, "captions.jsonl line 2", zip(Map.of("a.png", png,
                        "captions.jsonl", ("{\"file\": \"a.png\", \"text\": \"a\"}\n"
                                + "{\"file\": \"gone.png\", \"text\": \"b\"}\n").getBytes()))),
                hostileWith("image-text image without caption", 422, "b.png: has no caption",
                        Map.of("name", "x", "format", "image-text-zip"), zip(Map.of("a.png", png, "b.png", png,
                                "captions.jsonl", "{\"file\": \"a.png\", \"text\": \"a\"}\n".getBytes()))),
                hostileWith("image-text zip traversal", 422, "../a.png",
                        Map.of("name", "x", "format", "image-text-zip"),
                        zip(Map.of("../a.png", png, "captions.jsonl", "{}".getBytes()))),
                hostile("duplicate entry path", 400, "a/x.png", new FilePart("file", "dup.zip",
                        DatasetFiles.zipAllowingDuplicates(List.of(Map.entry("a/x.png", png), Map.entry("b/y.png", png),
                                Map.entry("a/x.png", DatasetFiles.png(8, 8, true, 3)))))),
                hostile("paths equal after case folding", 400, "A/x.png", new FilePart("file", "case.zip",
                        DatasetFiles.zipAllowingDuplicates(List.of(Map.entry("a/x.png", png),
                                Map.entry("A/x.png", png))))),
                hostileWith("IDX wrong magic", 422, "magic number", Map.of("name", "x", "format", "idx"),
                        new FilePart("file", "i.idx", DatasetFiles.idx(0x00000804, new int[] {1, 2, 2}, new byte[4]))),
                hostile("IDX truncated", 422, "truncated", new FilePart("file", "i.idx",
                        Arrays.copyOf(images, images.length - 3))),
                hostile("count mismatch", 422, "labels", new FilePart("file", "i.idx", images),
                        new FilePart("labels", "l.idx", DatasetFiles.idxLabels(new byte[] {0, 1}))),
                hostileWith("labels out of range", 422, "out of range", Map.of("name", "x", "classes", "a,b"),
                        new FilePart("file", "i.idx", images),
                        new FilePart("labels", "l.idx", DatasetFiles.idxLabels(new byte[] {0, 1, 2, 0, 1}))),
                hostile("empty upload", 400, "empty", new FilePart("file", "e.zip", new byte[0])),
                hostile("ragged CSV row", 422, "line 3", new FilePart("file", "r.csv",
                        "text,label\na,x\nb,y,extra\n".getBytes())),
                hostile("invalid UTF-8", 422, "line 2", new FilePart("file", "u.jsonl", concat(
                        "{\"text\": \"ok\"}\n{\"text\": \"".getBytes(), new byte[] {(byte) 0xC3, (byte) 0x28},
                        "\"}\n".getBytes()))),
                hostile("CIFAR truncated", 422, "3073", new FilePart("file", "b.bin", new byte[3073 + 10])),
                hostile("undetectable format", 415, "format", new FilePart("file", "x.dat", new byte[] {7, 7, 7, 7})),
                hostileWith("unknown format", 400, "format", Map.of("name", "x", "format", "parquet"),
                        new FilePart("file", "i.idx", images)),
                hostileWith("missing name", 400, "name", Map.of(), new FilePart("file", "i.idx", images)),
                hostileWith("image size out of range", 400, "imageSize", Map.of("name", "x", "imageSize", "4"),
                        new FilePart("file", "i.idx", images)),
                hostile("over the upload limit", 413, "limit", new FilePart("file", "big.idx", new byte[40 << 20])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileUploads")
    void hostile_uploads_get_a_4xx_problem_and_leave_nothing_behind(String name, int status, String mentions,
            Map<String, String> fields, List<FilePart> files) throws Exception {
        long rowsBefore = rows();
        List<String> objectsBefore = store.list("datasets/");

        Response response = api.upload("/v1/datasets", key, fields, files.toArray(FilePart[]::new));

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).containsIgnoringCase(mentions);
        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(store.list("datasets/")).isEqualTo(objectsBefore);
    }

    private static Arguments hostile(String name, int status, String mentions, FilePart... files) {
        return hostileWith(name, status, mentions, Map.of("name", name), files);
    }

    private static Arguments hostileWith(String name, int status, String mentions, Map<String, String> fields,
            FilePart... files) {
        return Arguments.of(name, status, mentions, fields, List.of(files));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static FilePart zip(Map<String, byte[]> entries) {
        return new FilePart("file", "upload.zip", DatasetFiles.zip(entries));
    }

    private static FilePart idxFile(int n) {
        return new FilePart("file", "images.idx", DatasetFiles.idxImages(n, 4, 4, 42));
    }

    private static FilePart idxLabels(int n) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 2);
        }
        return new FilePart("labels", "labels.idx", DatasetFiles.idxLabels(labels));
    }

    private long rows() {
        return jdbc.queryForObject("select count(*) from datasets", Long.class);
    }

    private List<String> storedKeys(String id) throws java.io.IOException {
        return store.list("datasets/" + id + "/");
    }
}
