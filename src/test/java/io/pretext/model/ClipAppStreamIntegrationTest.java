package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20's acceptance on real pairs: a slice of the AppStream icon ↔ summary corpus
 * ({@code bench/clip-corpus.sh}, every 8th icon of {@code appstream-train.zip}) uploaded, a
 * {@code clip} experiment run through the API, and zero-shot (the categories as labels) and text
 * search over HTTP equal to the in-process model. Skipped when the corpus has not been built (it
 * needs the DEP-11 apt lists; no network in the test).
 */
class ClipAppStreamIntegrationTest {

    static final Path CORPUS = Path.of("bench/data/clip/appstream-train.zip");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void clip_on_appstream_icons_answers_zero_shot_and_search_over_http_as_in_process() throws Exception {
        assumeTrue(Files.exists(CORPUS), CORPUS + " is missing: run bench/clip-corpus.sh --only appstream");
        ApiClient api = ClipModelServingIntegrationTest.trained().api;
        ServedModel served = ServedModel.get();
        Map<String, byte[]> icons = new TreeMap<>();
        List<JsonNode> captions = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(CORPUS))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("captions.jsonl")) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            captions.add(JSON.readTree(line));
                        }
                    }
                } else {
                    icons.put(e.getName(), in.readAllBytes());
                }
            }
        }
        Map<String, byte[]> slice = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(icons.keySet());
        for (int i = 0; i < names.size(); i += 8) {
            slice.put(names.get(i), icons.get(names.get(i)));
        }
        StringBuilder jsonl = new StringBuilder();
        captions.stream().filter(c -> slice.containsKey(c.get("file").asString()))
                .forEach(c -> jsonl.append(c.toString()).append('\n'));
        slice.put("captions.jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8));
        var uploaded = api.upload("/v1/datasets", ADMIN, Map.of("name", "appstream-slice", "format", "image-text-zip"),
                new FilePart("file", "slice.zip", DatasetFiles.zip(slice)));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        String dataset = uploaded.json().get("id").asString();
        List<String> categories = uploaded.json().get("classes").values().stream().map(JsonNode::asString).toList();
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "appstream-clip", "seed": 1,
                 "pretrain": {"dataset": "%1$s", "method": "clip", "epochs": 2, "batchSize": 32, "vocabSize": 500,
                              "projection": 32, "transformer": {"layers": 1, "width": 32, "heads": 2,
                              "feedForward": 64}, "promptTemplates": ["{}"], "zeroShotDataset": "%1$s"}}"""
                .formatted(dataset));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Await.until(Duration.ofMinutes(10), () -> api.get("/v1/experiments/" + id, ADMIN).json()
                .get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertThat(api.get("/v1/experiments/" + id, ADMIN).json().get("state").asString()).isEqualTo("SUCCEEDED");

        List<byte[]> queries = List.of(slice.get(names.get(0)), slice.get(names.get(8)));
        float[][] zeroShot;
        float[] text;
        float[][] items;
        String checkpoint = api.get("/v1/models/appstream-clip", ADMIN).json().at("/versions/0/checkpoint").asString();
        try (TrainedModel model = TrainedModel.load(served.app().getBean(ArtifactStore.class), checkpoint,
                served.app().getBean(JsonMapper.class))) {
            zeroShot = model.zeroShot(ClipModelServingIntegrationTest.pixels(queries, 64), 2, categories,
                    List.of("an icon of a {} application"));
            text = model.textEmbeddings(model.encodeTexts(List.of("play chess against the computer")), 1)[0];
            int n = slice.size() - 1;
            items = model.embeddings(ClipModelServingIntegrationTest.pixels(new ArrayList<>(slice.values())
                    .subList(0, n), 64), n);
        }
        var answer = api.post("/v1/models/appstream-clip/zero-shot", ADMIN, ApiClient.json(Map.of("images",
                queries.stream().map(Base64.getEncoder()::encodeToString).toList(), "labels", categories,
                "templates", List.of("an icon of a {} application"))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < categories.size(); k++) {
                assertThat(answer.json().at("/predictions/" + i + "/probabilities/" + k).asDouble())
                        .isCloseTo(zeroShot[i][k], within(1e-5));
            }
        }
        var search = api.post("/v1/models/appstream-clip/search", ADMIN, ApiClient.json(Map.of(
                "text", "play chess against the computer", "dataset", dataset, "k", 3)));
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        for (JsonNode hit : search.json().get("results").values()) {
            double expected = 0;
            for (int d = 0; d < text.length; d++) {
                expected += text[d] * items[hit.get("index").asInt()][d];
            }
            assertThat(hit.get("score").asDouble()).isCloseTo(expected, within(1e-4));
            assertThat(hit.get("caption").asString()).isNotBlank();
        }
    }
}
