package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.ModelCard;
import io.pretext.training.SyntheticTexts;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text end to end through the API: text-jsonl uploads, an {@code mlm} experiment (pretraining,
 * finetuning, the scratch baseline, evaluations) run by the worker, the registered model
 * classifying and embedding texts over HTTP exactly as its checkpoint does in-process, clear
 * 4xx for inputs of the wrong kind, and an exported backbone that carries the whole model card.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextModelServingIntegrationTest {

    final ServedModel served = ServedModel.get();
    final ApiClient api = served.api();
    final List<String> heldOut = SyntheticTexts.texts(40, 99);
    final int[] heldOutLabels = SyntheticTexts.labels(40);
    String experiment;

    @BeforeAll
    void trainATextModel() {
        String unlabeled = upload("texts-unlabeled", SyntheticTexts.texts(800, 1), null);
        String labeled = upload("texts-labeled", SyntheticTexts.texts(400, 2), SyntheticTexts.labels(400));
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "texts", "seed": 3,
                 "pretrain": {"dataset": "%s", "method": "mlm", "epochs": 2, "batchSize": 32, "vocabSize": 300,
                              "maxLength": 32,
                              "transformer": {"layers": 2, "width": 64, "heads": 2, "feedForward": 128}},
                 "finetune": {"dataset": "%2$s", "labelFraction": 0.25, "strategy": "full", "epochs": 6,
                              "batchSize": 16, "lr": {"head": 0.001, "encoder": 0.0005}, "pooling": "mean",
                              "tuneRates": true},
                 "evaluate": {"datasets": ["%2$s"]}}
                """.formatted(unlabeled, labeled));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        experiment = created.json().get("id").asString();
        Await.until(Duration.ofMinutes(10), () -> api.get("/v1/experiments/" + experiment, ADMIN).json()
                .get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        var finished = api.get("/v1/experiments/" + experiment, ADMIN).json();
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/v1/models/texts", ADMIN).status()).as("registered as its last job finished")
                .isEqualTo(200);
    }

    private String upload(String name, List<String> texts, int[] labels) {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            jsonl.append(ApiClient.json(labels == null ? Map.of("text", texts.get(i))
                    : Map.of("text", texts.get(i), "label", SyntheticTexts.CLASSES.get(labels[i])))).append('\n');
        }
        return api.upload("/v1/datasets", ADMIN, Map.of("name", name),
                new FilePart("file", name + ".jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8))).json()
                .get("id").asString();
    }

    @Test
    void the_full_finetune_tuned_its_rates_from_the_pretrained_encoder_on_validation() {
        JsonNode metrics = api.get("/v1/experiments/" + experiment + "/metrics", ADMIN).json();
        List<JsonNode> finetune = metrics.values().stream().filter(m -> m.get("kind").asString().equals("FINETUNE"))
                .toList();
        Map<String, Double> grid = new HashMap<>();
        finetune.stream().filter(m -> m.get("name").asString().startsWith("gridValidationAccuracy["))
                .forEach(m -> grid.put(m.get("name").asString(), m.get("value").asDouble()));
        // lr.head 0.001 x1, x0.3, x3, each without and with adamw's decoupled decay 0.05; then at most
        // two steps beyond the edge when an edge rate won (0.009, 0.027 or 9e-05, 2.7e-05).
        assertThat(grid.keySet()).contains("gridValidationAccuracy[lr=0.001,wd=0]",
                "gridValidationAccuracy[lr=0.001,wd=0.05]", "gridValidationAccuracy[lr=0.0003,wd=0]",
                "gridValidationAccuracy[lr=0.0003,wd=0.05]", "gridValidationAccuracy[lr=0.003,wd=0]",
                "gridValidationAccuracy[lr=0.003,wd=0.05]").hasSizeBetween(6, 8);
        assertThat(grid.keySet()).allMatch(name -> name.matches(
                "gridValidationAccuracy\\[lr=(0\\.001|0\\.0003|0\\.003|0\\.009|0\\.027|9e-05|2\\.7e-05),wd=(0|0\\.05)]"),
                "a grid rate or a step beyond its edge");
        double best = grid.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        List<Double> rates = finetune.stream().filter(m -> m.get("name").asString().equals("tunedLearningRate"))
                .map(m -> m.get("value").asDouble()).distinct().toList();
        assertThat(rates).hasSize(1);
        List<Double> decays = finetune.stream().filter(m -> m.get("name").asString().equals("tunedWeightDecay"))
                .map(m -> m.get("value").asDouble()).distinct().toList();
        String chosen = String.format(Locale.ROOT, "gridValidationAccuracy[lr=%s,wd=%s]",
                trim(rates.get(0)), decays.get(0) == 0 ? "0" : trim(decays.get(0)));
        assertThat(grid.get(chosen)).as("the chosen %s is the best screen", chosen).isEqualTo(best);
    }

    private static String trim(double value) {
        return String.format(Locale.ROOT, "%.3g", value).replaceAll("\\.?0+(?=e|$)", "");
    }

    @Test
    void the_model_classifies_texts_over_http_as_its_checkpoint_does_and_beats_the_majority_class() throws Exception {
        List<JsonNode> predictions = new ArrayList<>();
        for (int from = 0; from < heldOut.size(); from += 8) { // the test app takes 8 inputs per request
            JsonNode answer = api.post("/v1/models/texts/classifications?topK=4", ADMIN,
                    ApiClient.json(Map.of("texts", heldOut.subList(from, from + 8)))).json();
            answer.get("predictions").values().forEach(predictions::add);
        }
        float[][] expected;
        List<String> classes;
        try (TrainedModel model = load()) {
            expected = model.probabilities(model.encodeTexts(heldOut), heldOut.size());
            classes = model.card().classes();
        }
        int correct = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            JsonNode prediction = predictions.get(i);
            int best = CheckpointOutputs.argmax(expected[i]);
            assertThat(prediction.get("label").asString()).isEqualTo(classes.get(best));
            assertThat(prediction.get("probability").asDouble()).isCloseTo(expected[i][best], within(1e-5));
            correct += prediction.get("label").asString().equals(SyntheticTexts.CLASSES.get(heldOutLabels[i])) ? 1 : 0;
        }
        assertThat((double) correct / heldOut.size()).as("accuracy; the majority class is 0.25").isGreaterThan(0.5);
    }

    @Test
    void embeddings_of_texts_over_http_equal_the_in_process_ones() throws Exception {
        List<String> texts = heldOut.subList(0, 3);
        JsonNode answer = api.post("/v1/models/texts/embeddings", ADMIN, ApiClient.json(Map.of("texts", texts)))
                .json();
        float[][] expected;
        try (TrainedModel model = load()) {
            expected = model.embeddings(model.encodeTexts(texts), texts.size());
        }
        assertThat(answer.get("embeddingSize").asInt()).as("the spec's width").isEqualTo(64);
        for (int i = 0; i < texts.size(); i++) {
            for (int d = 0; d < expected[i].length; d++) {
                assertThat(answer.get("embeddings").get(i).get(d).asDouble()).isCloseTo(expected[i][d], within(1e-4));
            }
        }
    }

    @Test
    void the_open_inference_protocol_takes_bytes_texts_and_gives_what_the_checkpoint_computes() throws Exception {
        List<String> texts = heldOut.subList(0, 3);
        var response = api.post("/v2/models/texts/infer", ADMIN, ApiClient.json(Map.of("inputs", List.of(
                Map.of("name", "texts", "datatype", "BYTES", "shape", List.of(3), "data", texts)))));
        float[][] embeddings;
        float[][] probabilities;
        try (TrainedModel model = load()) {
            embeddings = model.embeddings(model.encodeTexts(texts), texts.size());
            probabilities = model.probabilities(model.encodeTexts(texts), texts.size());
        }
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode outputs = response.json().get("outputs");
        assertThat(outputs.get(0).get("shape").toString()).isEqualTo("[3,64]");
        assertThat(outputs.get(1).get("name").asString()).isEqualTo("probabilities");
        for (int i = 0; i < texts.size(); i++) {
            for (int d = 0; d < 64; d++) {
                assertThat(outputs.get(0).get("data").get(i * 64 + d).asDouble()).isCloseTo(embeddings[i][d],
                        within(1e-4));
            }
            for (int k = 0; k < probabilities[i].length; k++) {
                assertThat(outputs.get(1).get("data").get(i * probabilities[i].length + k).asDouble())
                        .isCloseTo(probabilities[i][k], within(1e-5));
            }
        }
        JsonNode metadata = api.get("/v2/models/texts", ADMIN).json();
        assertThat(metadata.at("/inputs/0").toString()).isEqualTo("{\"name\":\"texts\",\"datatype\":\"BYTES\","
                + "\"shape\":[-1]}");
        var pixels = api.post("/v2/models/texts/infer", ADMIN, ApiClient.json(Map.of("inputs", List.of(
                Map.of("name", "texts", "datatype", "UINT8", "shape", List.of(1, 1, 2, 2), "data", List.of(1, 2, 3, 4))))));
        assertThat(pixels.status()).isEqualTo(400);
        assertThat(pixels.json().get("error").asString()).contains("takes BYTES (texts)");
    }

    @Test
    void inputs_of_the_wrong_kind_or_shape_are_clear_4xx_problems() throws Exception {
        var images = api.post("/v1/models/texts/embeddings", ADMIN, "{\"images\": [\"AAAA\"]}");
        assertThat(images.status()).isEqualTo(422);
        assertThat(images.contentType()).startsWith("application/problem+json");
        assertThat(images.json().get("detail").asString()).contains("reads text");
        var nullText = api.post("/v1/models/texts/embeddings", ADMIN, "{\"texts\": [\"fine\", null]}");
        assertThat(nullText.status()).isEqualTo(400);
        assertThat(nullText.json().at("/errors/0/field").asString()).isEqualTo("texts[1]");
        assertThat(api.post("/v1/models/texts/embeddings", ADMIN, "{\"texts\": []}").status()).isEqualTo(400);
        // Both kinds given is refused; an empty list beside the other counts as absent (generated
        // clients send unset lists as []).
        assertThat(api.post("/v1/models/texts/embeddings", ADMIN, "{\"texts\": [\"a\"], \"images\": [\"AAAA\"]}")
                .status()).isEqualTo(400);
        assertThat(api.post("/v1/models/texts/embeddings", ADMIN, "{\"texts\": [\"a\"], \"images\": []}").status())
                .isEqualTo(200);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add("the old pan");
        }
        assertThat(api.post("/v1/models/texts/embeddings", ADMIN, ApiClient.json(Map.of("texts", many))).status())
                .isEqualTo(413);
        assertThat(api.post("/v1/models/served/embeddings", ADMIN, "{\"texts\": [\"hi\"]}").status()).isEqualTo(422);
    }

    @Test
    void the_exported_backbone_carries_the_whole_card_the_encoder_and_the_tokenizer() throws Exception {
        byte[] zip = api.getBytes("/v1/models/texts/backbone", ADMIN).body();
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        // The entry names are the export's documented format, hence literals.
        assertThat(entries).containsOnlyKeys("card.json", "encoder.params", "tokenizer.json");
        JsonNode card = JsonMapper.builder().build().readTree(entries.get("card.json"));
        assertThat(card.get("model").asString()).isEqualTo("texts");
        assertThat(card.get("version").asInt()).isEqualTo(1);
        ModelCard exported = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .treeToValue(card, ModelCard.class);
        ArtifactStore store = served.app().getBean(ArtifactStore.class);
        try (TrainedModel model = load()) {
            assertThat(exported.text()).as("the transformer's shape and tokenizer settings").isNotNull()
                    .isEqualTo(model.card().text());
            assertThat(exported).usingRecursiveComparison().isEqualTo(model.card());
        }
        try (InputStream params = store.get(checkpoint() + ArtifactLayout.ENCODER);
                InputStream tokenizer = store.get(checkpoint() + ArtifactLayout.TOKENIZER)) {
            assertThat(entries.get("encoder.params")).isEqualTo(params.readAllBytes());
            assertThat(entries.get("tokenizer.json")).isEqualTo(tokenizer.readAllBytes());
        }
    }

    private TrainedModel load() throws Exception {
        return TrainedModel.load(served.app().getBean(ArtifactStore.class), checkpoint(),
                served.app().getBean(JsonMapper.class));
    }

    private String checkpoint() {
        return api.get("/v1/models/texts", ADMIN).json().get("versions").get(0).get("checkpoint").asString();
    }
}
