package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A CLIP model's own routes over HTTP (issue 20's acceptance): text embeddings, zero-shot
 * classification (JSON and multipart) and search of a dataset by text and by image answer exactly
 * as the in-process model does; the dataset's embeddings are stored once per version; wrong inputs
 * are 4xx problems naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipRoutesIntegrationTest {

    static final List<String> TEMPLATES = List.of("a {} square on noise", "something {}");

    ClipModelServingIntegrationTest clip;
    ApiClient api;

    @BeforeAll
    void trainAClipModel() throws Exception {
        clip = ClipModelServingIntegrationTest.trained();
        api = clip.api;
    }

    @Test
    void text_embeddings_over_http_are_the_text_towers() throws Exception {
        float[][] expected;
        try (TrainedModel model = clip.load()) {
            expected = model.textEmbeddings(model.encodeTexts(List.of("a green square on noise")), 1);
        }
        var answer = api.post("/v1/models/pairs/embeddings", ADMIN, "{\"texts\": [\"a green square on noise\"]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        close(answer.json().get("embeddings").get(0), expected[0], 1e-4);
    }

    @Test
    void zero_shot_over_http_json_and_multipart_equals_the_in_process_model() throws Exception {
        List<byte[]> pngs = clip.images.subList(0, 3);
        float[][] expected;
        try (TrainedModel model = clip.load()) {
            expected = model.zeroShot(ClipModelServingIntegrationTest.pixels(pngs), 3,
                    ClipModelServingIntegrationTest.COLOURS, TEMPLATES);
        }
        var json = api.post("/v1/models/pairs/zero-shot", ADMIN, ApiClient.json(Map.of(
                "images", pngs.stream().map(Base64.getEncoder()::encodeToString).toList(),
                "labels", ClipModelServingIntegrationTest.COLOURS, "templates", TEMPLATES)));
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        var multipart = api.upload("/v1/models/pairs/zero-shot/files?labels=red&labels=green&labels=blue"
                + "&templates=a%20%7B%7D%20square%20on%20noise&templates=something%20%7B%7D", ADMIN, Map.of(),
                new FilePart("files", "0.png", pngs.get(0)), new FilePart("files", "1.png", pngs.get(1)),
                new FilePart("files", "2.png", pngs.get(2)));
        assertThat(multipart.status()).as(multipart.body()).isEqualTo(200);
        for (JsonNode answer : List.of(json.json(), multipart.json())) {
            assertThat(answer.get("templates").values()).extracting(JsonNode::asString)
                    .containsExactlyElementsOf(TEMPLATES);
            for (int i = 0; i < 3; i++) {
                JsonNode prediction = answer.get("predictions").get(i);
                close(prediction.get("probabilities"), expected[i], 1e-5);
                float[] row = expected[i];
                int best = IntStream.range(0, 3).boxed().max(Comparator.comparingDouble(k -> row[k])).orElseThrow();
                assertThat(prediction.get("label").asString())
                        .isEqualTo(ClipModelServingIntegrationTest.COLOURS.get(best));
            }
        }
    }

    @Test
    void search_by_text_and_by_image_equals_the_in_process_ranking_and_stores_the_index() throws Exception {
        int n = clip.images.size();
        float[][] items;
        float[] byText;
        float[] byImage;
        try (TrainedModel model = clip.load()) {
            items = model.embeddings(ClipModelServingIntegrationTest.pixels(clip.images), n);
            byText = model.textEmbeddings(model.encodeTexts(List.of("something blue")), 1)[0];
            byImage = model.embeddings(ClipModelServingIntegrationTest.pixels(clip.images.subList(4, 5)), 1)[0];
        }
        var text = api.post("/v1/models/pairs/search", ADMIN, ApiClient.json(Map.of("text", "something blue",
                "dataset", clip.dataset, "k", 5)));
        assertThat(text.status()).as(text.body()).isEqualTo(200);
        expectRanking(text.json(), items, byText, 5);
        JsonNode first = text.json().get("results").get(0);
        String colour = ClipModelServingIntegrationTest.COLOURS.get(first.get("index").asInt() % 3);
        assertThat(first.get("label").asString()).isEqualTo(colour);
        assertThat(first.get("caption").asString()).isEqualTo("a " + colour + " square on noise");
        // The served app is shared with other test classes, which may index their own datasets.
        assertThat(clip.served.app().getBean(ArtifactStore.class).list("search-index/").stream()
                .filter(key -> key.endsWith(clip.dataset + ".f32")).toList())
                .as("computed once, stored").hasSize(1);

        var image = api.post("/v1/models/pairs/search", ADMIN, ApiClient.json(Map.of("image",
                Base64.getEncoder().encodeToString(clip.images.get(4)), "dataset", clip.dataset)));
        assertThat(image.status()).as(image.body()).isEqualTo(200);
        expectRanking(image.json(), items, byImage, 10);
        assertThat(image.json().at("/results/0/index").asInt()).as("an image finds itself first").isEqualTo(4);
    }

    @Test
    void wrong_inputs_are_4xx_problems_naming_the_field() {
        String png = Base64.getEncoder().encodeToString(clip.images.get(0));
        expectProblem(api.post("/v1/models/served/embeddings", ADMIN, "{\"texts\": [\"red\"]}"), 422, null);
        expectProblem(api.post("/v1/models/served/zero-shot", ADMIN, ApiClient.json(Map.of("images", List.of(png),
                "labels", List.of("red")))), 422, "id");
        expectProblem(api.post("/v1/models/pairs/zero-shot", ADMIN, ApiClient.json(Map.of("images", List.of(png),
                "labels", List.of()))), 400, "labels");
        expectProblem(api.post("/v1/models/pairs/zero-shot", ADMIN, ApiClient.json(Map.of("images", List.of(png),
                "labels", List.of("red"), "templates", List.of("a photo")))), 400, "templates[0]");
        expectProblem(api.post("/v1/models/pairs/search", ADMIN, ApiClient.json(Map.of("text", "red",
                "dataset", clip.dataset, "k", 0))), 400, "k");
        expectProblem(api.post("/v1/models/served/search", ADMIN, ApiClient.json(Map.of("text", "red",
                "dataset", clip.dataset))), 422, "text");
        expectProblem(api.post("/v1/models/pairs/search", ADMIN, ApiClient.json(Map.of("text", "red",
                "image", png, "dataset", clip.dataset))), 400, "text");
        expectProblem(api.post("/v1/models/pairs/search", ADMIN, ApiClient.json(Map.of("text", "red",
                "dataset", "00000000-0000-0000-0000-000000000000"))), 404, null);
    }

    private static void expectRanking(JsonNode answer, float[][] items, float[] query, int k) {
        Integer[] order = IntStream.range(0, items.length).boxed().toArray(Integer[]::new);
        double[] scores = IntStream.range(0, items.length).mapToDouble(i -> dot(items[i], query)).toArray();
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
        JsonNode results = answer.get("results");
        assertThat(results.size()).isEqualTo(k);
        for (int r = 0; r < k; r++) {
            assertThat(results.get(r).get("index").asInt()).as("rank " + r).isEqualTo(order[r]);
            assertThat(results.get(r).get("score").asDouble()).isCloseTo(scores[order[r]], within(1e-4));
        }
    }

    private static void expectProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.json().at("/errors/0/field").asString()).as(response.body()).isEqualTo(field);
        }
    }

    private static void close(JsonNode actual, float[] expected, double tolerance) {
        assertThat(actual.size()).isEqualTo(expected.length);
        for (int d = 0; d < expected.length; d++) {
            assertThat(actual.get(d).asDouble()).isCloseTo(expected[d], within(tolerance));
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (double) a[d] * b[d];
        }
        return sum;
    }
}
