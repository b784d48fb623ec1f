package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.pretext.dataset.DatasetReader;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.WorkerApp;
import io.pretext.training.FashionMnist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An experiment asking for both baselines runs them beside its finetune through real child JVMs,
 * on a slice of real Fashion-MNIST, and its view answers "how much better" with numbers. Its own
 * application with a worker and its own database, as {@code WorkerIntegrationTest}.
 */
class BaselinesIntegrationTest {

    static final String ADMIN = "ptx_baselines-test-admin-key-012";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext app;
    ApiClient api;

    @BeforeEach
    void start() {
        assumeThat(FashionMnist.installed()).as("dataset-fashion-mnist is installed").isTrue();
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN, Map.of());
        api = WorkerApp.client(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void the_view_compares_the_finetuned_model_with_scratch_and_pixels_on_each_evaluation_dataset() throws Exception {
        String train = upload("fmnist-train", FashionMnist.load("train", 1000));
        String test = upload("fmnist-test", FashionMnist.load("t10k", 300));
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "floors", "seed": 2, "baselines": ["pixels", "scratch"],
                 "finetune": {"dataset": "%s", "labelsPerClass": 20, "strategy": "full", "epochs": 1, "batchSize": 32},
                 "evaluate": {"datasets": ["%s"]}}""".formatted(train, test));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("comparison").values()).as("rows exist at once, their values come later")
                .allSatisfy(row -> assertThat(row.get("pixels").isNull()).isTrue());
        String id = created.json().get("id").asString();

        Await.until(Duration.ofMinutes(3), () -> api.get("/v1/experiments/" + id, ADMIN).json().get("state")
                .asString().matches("SUCCEEDED|FAILED|CANCELLED"));

        JsonNode experiment = api.get("/v1/experiments/" + id, ADMIN).json();
        assertThat(experiment.get("state").asString()).as(experiment.toString()).isEqualTo("SUCCEEDED");
        assertThat(experiment.get("jobs").values()).extracting(j -> j.get("kind").asString())
                .containsExactlyInAnyOrder("FINETUNE", "SCRATCH", "PIXELS", "EVALUATE", "EVALUATE");
        JsonNode rows = experiment.get("comparison");
        assertThat(rows.values()).extracting(r -> r.get("dataset").asString() + " " + r.get("metric").asString())
                .containsExactly(test + " accuracy", test + " macroF1");
        for (JsonNode row : rows.values()) {
            double finetuned = row.get("finetuned").asDouble();
            double scratch = row.get("scratch").asDouble();
            double pixels = row.get("pixels").asDouble();
            assertThat(java.util.List.of(finetuned, scratch, pixels)).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
            assertThat(row.get("gainOverScratch").asDouble()).isCloseTo(finetuned - scratch, within(1e-9));
            assertThat(row.get("gainOverPixels").asDouble()).isCloseTo(finetuned - pixels, within(1e-9));
        }
        // Logistic regression on 200 labelled Fashion-MNIST images reaches about 0.7; chance is 0.1.
        assertThat(rows.get(0).get("pixels").asDouble()).as("the floor learned").isGreaterThan(0.5);
        String pixelsJob = experiment.get("jobs").values().stream().filter(j -> j.get("kind").asString()
                .equals("PIXELS")).findFirst().orElseThrow().get("id").asString();
        assertThat(api.get("/v1/experiments/" + id + "/metrics?name=accuracy/" + test + "&job=" + pixelsJob, ADMIN)
                .json().get(0).get("value").asDouble()).isEqualTo(rows.get(0).get("pixels").asDouble());
        assertThat(api.get("/v1/experiments/" + id + "/metrics?name=validationAccuracy&job=" + pixelsJob, ADMIN)
                .json().values()).hasSize(1);
        var curves = api.getBytes("/v1/experiments/" + id + "/curves.png", ADMIN);
        assertThat(curves.statusCode()).isEqualTo(200);
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(curves.body()));
        assertThat(picture.getWidth()).isEqualTo(CurvesPicture.WIDTH);
        assertThat(picture.getHeight()).as("classification loss and accuracy panels, no pretraining panel")
                .isEqualTo(2 * 340);
        java.nio.file.Files.write(Path.of("target/baselines-curves.png"), curves.body()); // to look at
        assertResultsReadWithoutIds(id, test, rows);
        for (JsonNode job : experiment.get("jobs").values()) {
            boolean trains = job.get("kind").asString().matches("FINETUNE|SCRATCH");
            assertThat(job.get("progress").isNull()).as("progress of " + job).isEqualTo(!trains);
            if (trains) {
                JsonNode progress = job.get("progress");
                assertThat(progress.get("epochs").asInt()).isEqualTo(1);
                assertThat(progress.get("step").asInt()).isBetween(1, progress.get("steps").asInt());
                assertThat(progress.get("samplesPerSecond").asDouble()).isPositive();
            }
        }
        JsonNode schema = api.get("/v3/api-docs", ADMIN).json().at("/components/schemas/BaselineComparison/properties");
        assertThat(schema.propertyNames()).contains("dataset", "metric", "finetuned", "scratch", "pixels",
                "gainOverScratch", "gainOverPixels");
    }

    /** What a person reads: dataset names, the winning arm, metrics found by name and kind, the reports. */
    private void assertResultsReadWithoutIds(String id, String test, JsonNode rows) {
        for (JsonNode row : rows.values()) {
            assertThat(row.get("datasetName").asString()).isEqualTo("fmnist-test");
            Map<String, Double> arms = Map.of("finetuned", row.get("finetuned").asDouble(), "scratch",
                    row.get("scratch").asDouble(), "pixels", row.get("pixels").asDouble());
            assertThat(arms.get(row.get("best").asString())).isEqualTo(java.util.Collections.max(arms.values()));
        }
        JsonNode accuracies = api.get("/v1/experiments/" + id + "/metrics?name=accuracy", ADMIN).json();
        assertThat(accuracies.values()).extracting(p -> p.get("kind").asString() + " " + p.get("name").asString())
                .containsExactlyInAnyOrder("EVALUATE accuracy/" + test, "EVALUATE accuracy/" + test,
                        "PIXELS accuracy/" + test);
        assertThat(accuracies.values()).allSatisfy(p -> assertThat(p.get("recordedAt").asString()).isNotBlank());
        assertThat(api.get("/v1/experiments/" + id + "/metrics?name=accuracy/fmnist-test", ADMIN).json().values())
                .as("the dataset named instead of its id").hasSize(3);
        JsonNode reports = api.get("/v1/experiments/" + id + "/report", ADMIN).json();
        assertThat(reports.values()).extracting(r -> r.get("arm").asString())
                .containsExactly("finetuned", "scratch", "pixels");
        for (JsonNode report : reports.values()) {
            assertThat(report.get("datasetNames").get(test).asString()).isEqualTo("fmnist-test");
            assertThat(report.get("report").get("datasets").get(test).isObject()).as(report.toString()).isTrue();
        }
    }

    private String upload(String name, DatasetReader.Images images) throws IOException {
        byte[] labels = new byte[images.numSamples()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.labels()[i];
        }
        return api.upload("/v1/datasets", ADMIN, Map.of("name", name),
                new FilePart("file", name + ".idx", DatasetFiles.idx(0x00000803,
                        new int[] {images.numSamples(), images.height(), images.width()}, images.pixels())),
                new FilePart("labels", name + "-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id")
                .asString();
    }
}
