package io.pretext.model;

import static io.pretext.model.ServedModel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import io.pretext.dataset.ingest.ImageDecoding;
import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.training.ModelCard;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CLIP end to end through the API (issue 20): a tiny {@code image-text-zip} built here (coloured
 * shapes on noise, two captions each, labeled by colour), a {@code clip} pretraining run by the
 * worker with its zero-shot accuracy on the same labeled pairs, the model registered as a CLIP model
 * whose card carries its text tower, and its image embeddings over HTTP equal to the in-process
 * image tower's, in the space of its text embeddings. No network.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipModelServingIntegrationTest {

    static final List<String> COLOURS = List.of("red", "green", "blue");
    static final int SIZE = 16;

    private static ClipModelServingIntegrationTest trained;

    ServedModel served;
    ApiClient api;
    String experiment;
    String dataset;
    final List<byte[]> images = new ArrayList<>();

    /** The CLIP model, trained once for every test class that serves it. */
    static synchronized ClipModelServingIntegrationTest trained() throws Exception {
        if (trained == null) {
            ClipModelServingIntegrationTest fixture = new ClipModelServingIntegrationTest();
            fixture.train();
            trained = fixture;
        }
        return trained;
    }

    @BeforeAll
    void trainAClipModel() throws Exception {
        ClipModelServingIntegrationTest fixture = trained();
        served = fixture.served;
        api = fixture.api;
        experiment = fixture.experiment;
        dataset = fixture.dataset;
        images.addAll(fixture.images);
    }

    private void train() throws Exception {
        served = ServedModel.get();
        api = served.api();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StringBuilder captions = new StringBuilder();
        Random random = new Random(3);
        for (int i = 0; i < 36; i++) {
            String colour = COLOURS.get(i % COLOURS.size());
            byte[] png = png(i % COLOURS.size(), random);
            images.add(png);
            String file = String.format("icons/%02d.png", i);
            entries.put(file, png);
            captions.append("{\"file\": \"").append(file.substring(6)).append("\", \"text\": \"a ").append(colour)
                    .append(" square on noise\", \"label\": \"").append(colour).append("\"}\n");
            captions.append("{\"file\": \"").append(file.substring(6)).append("\", \"text\": \"something ")
                    .append(colour).append("\", \"label\": \"").append(colour).append("\"}\n");
        }
        entries.put("icons/captions.jsonl", captions.toString().getBytes(StandardCharsets.UTF_8));
        var uploaded = api.upload("/v1/datasets", ADMIN, Map.of("name", "squares", "format", "image-text-zip"),
                new FilePart("file", "squares.zip", DatasetFiles.zip(entries)));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.json().get("numCaptions").asInt()).isEqualTo(72);
        dataset = uploaded.json().get("id").asString();
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "pairs", "seed": 4,
                 "pretrain": {"dataset": "%1$s", "method": "clip", "encoder": "cnn-small", "epochs": 2,
                              "batchSize": 12, "vocabSize": 100, "maxLength": 12, "projection": 24,
                              "transformer": {"layers": 1, "width": 32, "heads": 2, "feedForward": 64},
                              "promptTemplates": ["a {} square on noise", "something {}"],
                              "zeroShotDataset": "%1$s"},
                 "evaluate": {"datasets": ["%1$s"]}}
                """.formatted(dataset));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        experiment = created.json().get("id").asString();
        Await.until(Duration.ofMinutes(6), () -> api.get("/v1/experiments/" + experiment, ADMIN).json()
                .get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        var finished = api.get("/v1/experiments/" + experiment, ADMIN).json();
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/v1/models/pairs", ADMIN).status()).as("registered as it finished").isEqualTo(200);
    }

    @Test
    void the_pretraining_reports_batch_retrieval_and_zero_shot_accuracy_every_epoch() {
        for (String metric : List.of("imageToTextAccuracy", "textToImageAccuracy", "zeroShotAccuracy")) {
            JsonNode points = api.get("/v1/experiments/" + experiment + "/metrics?name=" + metric, ADMIN).json();
            assertThat(points.values()).as(metric).hasSize(2);
            points.values().forEach(p -> assertThat(p.get("value").asDouble()).as(metric).isBetween(0.0, 1.0));
        }
    }

    @Test
    void the_registered_model_is_a_clip_model_with_both_towers_in_one_space() throws Exception {
        try (TrainedModel model = load()) {
            ModelCard card = model.card();
            assertThat(card.clipModel()).isTrue();
            assertThat(card.clip().projection()).isEqualTo(24);
            assertThat(card.embeddingSize()).as("what the model serves: the shared space").isEqualTo(24);
            assertThat(card.clip().text().maxLength()).isEqualTo(12);
            assertThat(card.classifies()).isFalse();
            float[][] texts = model.textEmbeddings(model.encodeTexts(List.of("a red square on noise",
                    "something blue")), 2);
            float[][] pictures = model.embeddings(pixels(images.subList(0, 3)), 3);
            for (float[] vector : concat(texts, pictures)) {
                assertThat(vector).hasSize(24);
                assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
            }
            float[][] zeroShot = model.zeroShot(pixels(images.subList(0, 3)), 3, COLOURS, List.of("a {} square"));
            for (float[] row : zeroShot) {
                assertThat(row).hasSize(3);
                double sum = 0;
                for (float p : row) {
                    sum += p;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-4));
            }
        }
    }

    @Test
    void the_evaluation_scores_the_clip_model_zero_shot_and_by_retrieval_as_the_in_process_model_does()
            throws Exception {
        JsonNode reports = api.get("/v1/experiments/" + experiment + "/report", ADMIN).json();
        JsonNode own = null;
        for (JsonNode arm : reports) {
            if (arm.get("arm").asString().equals("pretrained")) {
                own = arm.get("report");
            }
        }
        assertThat(own).as(reports.toString()).isNotNull();
        JsonNode retrieval = own.get("retrieval").get(dataset);
        assertThat(retrieval.get("images").asInt()).isEqualTo(36);
        assertThat(retrieval.get("captions").asInt()).isEqualTo(72);
        for (String direction : List.of("imageToTextRecall@", "textToImageRecall@")) {
            double at1 = retrieval.get(direction + 1).asDouble();
            double at5 = retrieval.get(direction + 5).asDouble();
            double at10 = retrieval.get(direction + 10).asDouble();
            assertThat(at1).as(direction).isBetween(0.0, 1.0).isLessThanOrEqualTo(at5);
            assertThat(at5).as(direction).isLessThanOrEqualTo(at10).isLessThanOrEqualTo(1.0);
        }
        List<String> classes = new ArrayList<>();
        api.get("/v1/datasets/" + dataset, ADMIN).json().get("classes").forEach(c -> classes.add(c.asString()));
        double reported = own.get("datasets").get(dataset).get("accuracy").asDouble();
        int correct = 0;
        try (TrainedModel model = load()) {
            float[][] probabilities = model.zeroShot(pixels(images), images.size(), classes,
                    List.of("a {} square on noise", "something {}"));
            for (int i = 0; i < images.size(); i++) {
                int best = 0;
                for (int c = 1; c < classes.size(); c++) {
                    best = probabilities[i][c] > probabilities[i][best] ? c : best;
                }
                correct += classes.get(best).equals(COLOURS.get(i % COLOURS.size())) ? 1 : 0;
            }
        }
        assertThat(reported).as("zero-shot with the pretraining's prompts, at most one near-tie apart")
                .isCloseTo((double) correct / images.size(), within(1.0 / images.size() + 1e-9));
        JsonNode metrics = api.get("/v1/experiments/" + experiment + "/metrics?name=textToImageRecall@10", ADMIN)
                .json();
        assertThat(metrics.values()).hasSize(1);
        var picture = api.getBytes("/v1/experiments/" + experiment + "/retrieval.png", ADMIN);
        assertThat(picture.statusCode()).isEqualTo(200);
        BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(picture.body()));
        assertThat(drawn.getHeight()).as("a row per query").isGreaterThan(5 * 64);
    }

    @Test
    void the_exported_backbone_is_the_image_encoder_with_its_own_card() throws Exception {
        var zip = api.getBytes("/v1/models/pairs/backbone", ADMIN);
        assertThat(zip.statusCode()).isEqualTo(200);
        JsonNode card = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("card.json")) {
                    card = JsonMapper.builder().build().readTree(bytes);
                }
            }
        }
        assertThat(card).isNotNull();
        assertThat(card.has("clip")).as("no text tower in the backbone").isFalse();
        try (TrainedModel model = load()) {
            assertThat(card.get("embeddingSize").asInt()).as("the image encoder's features, not the projection")
                    .isEqualTo(model.card().clip().imageFeatures()).isNotEqualTo(24);
        }
    }

    @Test
    void image_embeddings_over_http_are_the_image_towers() throws Exception {
        float[][] expected;
        try (TrainedModel model = load()) {
            expected = model.embeddings(pixels(images.subList(0, 2)), 2);
        }
        var answer = api.upload("/v1/models/pairs/embeddings", ADMIN, Map.of(),
                new FilePart("files", "0.png", images.get(0)), new FilePart("files", "1.png", images.get(1)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("embeddingSize").asInt()).isEqualTo(24);
        for (int i = 0; i < expected.length; i++) {
            for (int d = 0; d < expected[i].length; d++) {
                assertThat(answer.json().get("embeddings").get(i).get(d).asDouble()).isCloseTo(expected[i][d],
                        within(1e-4));
            }
        }
    }

    TrainedModel load() throws Exception {
        return load("pairs");
    }

    TrainedModel load(String name) throws Exception {
        String checkpoint = api.get("/v1/models/" + name, ADMIN).json().get("versions").get(0).get("checkpoint")
                .asString();
        return TrainedModel.load(served.app().getBean(ArtifactStore.class), checkpoint,
                served.app().getBean(JsonMapper.class));
    }

    /** A square of the colour's hue on grey noise, at a random place. */
    private static byte[] png(int colour, Random random) throws Exception {
        BufferedImage image = DatasetFiles.image(SIZE, SIZE, false, random.nextLong());
        Graphics2D g = image.createGraphics();
        g.setColor(List.of(Color.RED, Color.GREEN, Color.BLUE).get(colour));
        g.fillRect(random.nextInt(6), random.nextInt(6), 10, 10);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The images as the model reads them: uint8 CHW, one after another. */
    static byte[] pixels(List<byte[]> pngs) {
        return pixels(pngs, SIZE);
    }

    /** RGB images of {@code side} pixels as the model reads them. */
    static byte[] pixels(List<byte[]> pngs, int side) {
        int size = 3 * side * side;
        byte[] all = new byte[pngs.size() * size];
        for (int i = 0; i < pngs.size(); i++) {
            System.arraycopy(ImageDecoding.decodeChw(pngs.get(i), 3), 0, all, i * size, size);
        }
        return all;
    }

    private static List<float[]> concat(float[][] a, float[][] b) {
        List<float[]> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all;
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
