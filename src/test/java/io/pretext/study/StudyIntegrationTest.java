package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pretext.dataset.DatasetReader;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.WorkerApp;
import io.pretext.training.FashionMnist;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15's acceptance: a study on a slice of real Fashion-MNIST (two budgets, three arms, two
 * seeds) runs end to end through real child JVMs; a second study cancelled right after submission
 * cancels everything it queued. Tiny step counts keep it to a few minutes on two cores. Its own
 * application with a worker and its own database, as {@code BaselinesIntegrationTest}.
 */
class StudyIntegrationTest {

    static final String ADMIN = "ptx_study-test-admin-key-0123456";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext app;
    ApiClient api;

    @BeforeEach
    void start() {
        assumeThat(FashionMnist.installed()).as("dataset-fashion-mnist is installed").isTrue();
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN,
                Map.of("pretext.studies.sweep-interval", "1s"));
        api = WorkerApp.client(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_study_runs_end_to_end_and_a_cancelled_one_leaves_nothing_queued() throws Exception {
        DatasetReader.Images train = FashionMnist.load("train", 600);
        String unlabeled = upload("fmnist-unlabeled", train, false);
        String labeled = upload("fmnist-train", train, true);
        String test = upload("fmnist-test", FashionMnist.load("t10k", 200), true);
        String body = """
                {"name": "%s", "labeled": "%s", "test": ["%s"],
                 "budgets": [{"labelsPerClass": 5}, {"labelFraction": 0.2}],
                 "arms": ["linear", "pixels", "scratch"], "seeds": 2,
                 "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1, "batchSize": 64},
                 "finetune": {"steps": 10, "batchSize": 32}}""";

        // Refused by the second experiment it would submit (FixMatch's unlabeled images are 8x8, the
        // pool's 28x28), after the first was stored: the whole study rolls back.
        String small = api.upload("/v1/datasets", ADMIN, Map.of("name", "small"),
                new FilePart("file", "s.idx", DatasetFiles.idxImages(20, 8, 8, 1))).json().get("id").asString();
        var refused = api.post("/v1/studies", ADMIN, body.formatted("refused", labeled, test, unlabeled)
                .replace("\"linear\", \"pixels\"", "\"linear\", \"fixmatch\", \"pixels\"")
                .replace("\"batchSize\": 32}", "\"batchSize\": 32, \"fixmatch\": {\"unlabeledDataset\": \"" + small + "\"}}"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("finetune.fixmatch.unlabeledDataset");
        assertThat(api.get("/v1/experiments", ADMIN).json().get("totalItems").asInt()).as("nothing left behind").isZero();
        assertThat(api.get("/v1/jobs", ADMIN).json().get("totalItems").asInt()).isZero();
        assertThat(api.get("/v1/studies", ADMIN).json().get("totalItems").asInt()).isZero();

        var plan = api.post("/v1/studies?dryRun=true", ADMIN, body.formatted("fmnist", labeled, test, unlabeled));
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        // 2 budgets x 2 seeds, one finetune arm each (pixels and scratch beside it): 4 experiments of
        // FINETUNE, EVALUATE, PIXELS, SCRATCH, EVALUATE, and the pretraining in the first.
        assertThat(plan.json().get("experiments").asInt()).isEqualTo(4);
        assertThat(plan.json().get("runs").asInt()).isEqualTo(12);
        assertThat(plan.json().get("jobs").asInt()).isEqualTo(21);
        assertThat(plan.json().get("estimatedMinutes").isNull()).as("no earlier jobs were measured").isTrue();
        assertThat(api.get("/v1/studies", ADMIN).json().get("totalItems").asInt()).as("a dry run stores nothing")
                .isZero();
        assertThat(api.get("/v1/jobs", ADMIN).json().get("totalItems").asInt()).as("a dry run queues nothing").isZero();

        var created = api.send("POST", "/v1/studies", ADMIN, "application/json",
                body.formatted("fmnist", labeled, test, unlabeled), Map.of("Idempotency-Key", "study-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        var replayed = api.send("POST", "/v1/studies", ADMIN, "application/json",
                body.formatted("fmnist", labeled, test, unlabeled), Map.of("Idempotency-Key", "study-1"));
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.json().get("id").asString()).isEqualTo(id);
        JsonNode experiments = created.json().get("experiments");
        assertThat(experiments.values()).hasSize(4);
        assertThat(experiments.values()).filteredOn(e -> e.get("pretraining").asBoolean()).hasSize(1);
        assertThat(experiments.values()).extracting(e -> e.get("budget").asString() + " " + e.get("seed").asLong())
                .containsExactlyInAnyOrder("5-per-class 1", "20pct 1", "5-per-class 2", "20pct 2");
        assertThat(experiments.values()).allSatisfy(e -> assertThat(e.get("baselines").values())
                .extracting(JsonNode::asString).containsExactly("pixels", "scratch"));

        // Cancelled at once: the first study's jobs hold the only worker slot, so all of these wait.
        var doomed = api.post("/v1/studies", ADMIN, body.formatted("doomed", labeled, test, unlabeled));
        assertThat(doomed.status()).as(doomed.body()).isEqualTo(201);
        var cancelled = api.post("/v1/studies/" + doomed.json().get("id").asString() + "/cancel", ADMIN, "{}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        for (JsonNode e : cancelled.json().get("experiments").values()) {
            JsonNode experiment = api.get("/v1/experiments/" + e.get("id").asString(), ADMIN).json();
            assertThat(experiment.get("jobs").values()).extracting(j -> j.get("state").asString())
                    .containsOnly("CANCELLED");
        }
        var again = api.post("/v1/studies/" + doomed.json().get("id").asString() + "/cancel", ADMIN, "{}");
        assertThat(again.status()).as("a finished study cannot be cancelled").isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already finished (CANCELLED)");
        assertThat(api.get("/v1/studies", ADMIN).json().get("totalItems").asInt()).isEqualTo(2);

        Await.until(Duration.ofMinutes(8), () -> api.get("/v1/studies/" + id, ADMIN).json().get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode study = api.get("/v1/studies/" + id, ADMIN).json();
        assertThat(study.get("state").asString()).as(study.toString()).isEqualTo("SUCCEEDED");
        assertThat(study.at("/progress/jobsDone").asInt()).isEqualTo(21);
        assertThat(study.at("/progress/experimentsDone").asInt()).isEqualTo(4);
        Set<String> seen = new HashSet<>();
        for (JsonNode e : study.get("experiments").values()) {
            JsonNode experiment = api.get("/v1/experiments/" + e.get("id").asString(), ADMIN).json();
            seen.add(experiment.at("/spec/finetune/strategy").asString() + " seed " + experiment.at("/spec/seed").asLong());
            assertThat(experiment.at("/spec/evaluate/datasets/0").asString()).isEqualTo(test);
        }
        assertThat(seen).containsExactlyInAnyOrder("linear seed 1", "linear seed 2");
        StudyAcceptance.checkResults(api, ADMIN, id, test, List.of("linear", "pixels", "scratch"));

        var events = api.get("/v1/studies/" + id + "/events", ADMIN);
        assertThat(events.body()).as("a final study's stream sends its progress and ends")
                .contains("event:progress").contains("\"state\":\"SUCCEEDED\"").contains("\"jobsDone\":21");
        JsonNode measured = api.post("/v1/studies?dryRun=true", ADMIN,
                body.formatted("again", labeled, test, unlabeled)).json();
        assertThat(measured.get("estimatedMinutes").asDouble()).as("the first study's jobs were measured")
                .isPositive();
        assertThat(measured.get("unmeasured").values()).isEmpty();

        var chart = api.getBytes("/v1/studies/" + id + "/chart.png", ADMIN);
        assertThat(chart.statusCode()).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.body()));
        assertThat(image.getWidth()).isEqualTo(StudyCharts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(StudyCharts.TOP_HEIGHT + StudyCharts.BOTTOM_HEIGHT);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/study-chart.png"), chart.body()); // to look at

        // Its best model per budget is registered under the study's name, one alias per budget.
        Await.until(Duration.ofMinutes(1), () -> api.get("/v1/models/fmnist", ADMIN).json().path("aliases")
                .size() == 2);
        JsonNode model = api.get("/v1/models/fmnist", ADMIN).json();
        assertThat(model.get("aliases").propertyNames()).containsExactlyInAnyOrder("labels-5-per-class", "labels-20pct");
        assertThat(api.getBytes("/v1/models/fmnist@labels-20pct/backbone", ADMIN).statusCode())
                .as("the alias resolves to a servable version").isEqualTo(200);
    }

    private String upload(String name, DatasetReader.Images images, boolean withLabels) throws IOException {
        FilePart file = new FilePart("file", name + ".idx", DatasetFiles.idx(0x00000803,
                new int[] {images.numSamples(), images.height(), images.width()}, images.pixels()));
        if (!withLabels) {
            return api.upload("/v1/datasets", ADMIN, Map.of("name", name), file).json().get("id").asString();
        }
        byte[] labels = new byte[images.numSamples()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.labels()[i];
        }
        return api.upload("/v1/datasets", ADMIN, Map.of("name", name), file,
                new FilePart("labels", name + "-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id")
                .asString();
    }
}
