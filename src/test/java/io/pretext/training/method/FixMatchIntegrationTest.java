package io.pretext.training.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.pretext.dataset.DatasetReader;
import io.pretext.storage.ArtifactStore;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Strategy {@code fixmatch} end to end through the API on a small slice of real Fashion-MNIST, and
 * the acceptance: FixMatch beats its own labeled-only run on the same labels. One pair of
 * experiments serves both (the suite's time): the spec is accepted with the unlabeled dataset
 * defaulted, real child JVMs train both, the step metrics are recorded every round, the checkpoint
 * holds the averaged weights as encoder and head (plus the trained network for resuming), and the
 * evaluation jobs score them ({@code FixMatchLearningTest} explores sizes with a direct loop;
 * {@code SpecDefaultsTest} the other defaults).
 */
class FixMatchIntegrationTest {

    static final String ADMIN = "ptx_fixmatch-test-admin-key-0001";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext app;
    ApiClient api;
    JdbcClient jdbc;

    @BeforeEach
    void start() {
        // Two slots of one thread each: the pair of experiments trains side by side, and at batch 16 a
        // child computes little faster with two threads than with one (the suite's time).
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN,
                Map.of("pretext.worker.devices", "cpu,cpu"));
        api = WorkerApp.client(app);
        jdbc = app.getBean(JdbcClient.class);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /**
     * The same labels, seed, views, EMA and step budget, once with the unlabeled loss
     * ({@code unlabeledWeight} 1) and once without (0, FixMatch's own labeled-only run); the first must
     * score higher on held-out test images. Sizes: see {@link #LEARNING_SPEC}.
     */
    @Test
    void fixmatch_runs_end_to_end_and_beats_its_own_labeled_only_run_on_the_same_labels() throws Exception {
        assumeThat(FashionMnist.installed()).as("dataset-fashion-mnist installed").isTrue();
        String train = upload("fmnist-train", FashionMnist.load("train", LEARNING_IMAGES));
        String test = upload("fmnist-test", FashionMnist.load("t10k", LEARNING_TEST_IMAGES));
        var created = api.post("/v1/experiments", ADMIN, LEARNING_SPEC.formatted(train, 1.0, test));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/spec/finetune/fixmatch/unlabeledDataset").asString())
                .as("defaults to the finetune dataset").isEqualTo(train);
        String fixmatch = created.json().get("id").asString();
        String labeledOnly = submit(LEARNING_SPEC.formatted(train, 0.0, test));

        double withUnlabeled = testAccuracy(fixmatch, test);
        double without = testAccuracy(labeledOnly, test);

        System.err.printf("FixMatch through the API: %.4f with the unlabeled loss, %.4f without%n", withUnlabeled,
                without);
        assertThat(withUnlabeled).as("FixMatch vs its labeled-only run").isGreaterThan(without);
        assertThat(lastValue(fixmatch, "maskRate")).as("share of unlabeled images pseudo-labelled").isPositive();
        assertThat(lastValue(fixmatch, "pseudoLabelAccuracy")).as("pseudo-labels mostly right").isGreaterThan(0.5);
        for (String metric : new String[] {"labeledLoss", "unlabeledLoss", "maskRate", "validationAccuracy"}) {
            assertThat(api.get("/v1/experiments/" + fixmatch + "/metrics?name=" + metric, ADMIN).json().values())
                    .as(metric + ", one per round").hasSize(ROUNDS)
                    .allSatisfy(p -> assertThat(p.get("value").asDouble()).isFinite().isGreaterThanOrEqualTo(0));
        }
        assertAveragedCheckpoint(fixmatch);
    }

    private void assertAveragedCheckpoint(String experiment) throws IOException {
        String job = api.get("/v1/experiments/" + experiment, ADMIN).json().get("jobs").values().stream()
                .filter(j -> "FINETUNE".equals(j.get("kind").asString())).findFirst().orElseThrow().get("id")
                .asString();
        assertThat(jdbc.sql("select epoch from checkpoints where job_id = :j::uuid order by epoch").param("j", job)
                .query(Integer.class).list()).as("the last round's checkpoint").contains(ROUNDS);
        String last = "checkpoints/%s/epoch-%04d/".formatted(job, ROUNDS);
        assertThat(app.getBean(ArtifactStore.class).list(last))
                .anySatisfy(k -> assertThat(k).endsWith("/encoder.params"))
                .anySatisfy(k -> assertThat(k).endsWith("/head.params"))
                .anySatisfy(k -> assertThat(k).endsWith("/online-encoder.params"));
    }

    static final int LEARNING_IMAGES = 4000;
    static final int LEARNING_TEST_IMAGES = 2000;
    /** {@link #LEARNING_SPEC}'s 600 steps in 6 rounds ("epochs"): metrics and a checkpoint after each. */
    static final int ROUNDS = 6;
    /** Arguments: the training dataset, the unlabeled loss weight, the test dataset. */
    static final String LEARNING_SPEC = """
            {"name": "fixmatch-learning", "seed": 7, "baselines": [],
             "finetune": {"dataset": "%s", "labelsPerClass": 10, "strategy": "fixmatch", "steps": 600,
                          "epochs": 6, "batchSize": 16, "augmentation": "weak",
                          "optimizer": {"type": "sgd", "weightDecay": 0.0005, "momentum": 0.9},
                          "lr": {"head": 0.05, "encoder": 0.05}, "schedule": "cosine",
                          "fixmatch": {"mu": 4, "threshold": 0.9, "unlabeledWeight": %s}},
             "evaluate": {"datasets": ["%s"]}}
            """;

    private String submit(String spec) {
        var created = api.post("/v1/experiments", ADMIN, spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private double testAccuracy(String experiment, String test) {
        Await.until(Duration.ofMinutes(10), () -> api.get("/v1/experiments/" + experiment, ADMIN).json().get("state")
                .asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        JsonNode view = api.get("/v1/experiments/" + experiment, ADMIN).json();
        assertThat(view.get("state").asString()).as(view.toString()).isEqualTo("SUCCEEDED");
        JsonNode points = api.get("/v1/experiments/" + experiment + "/metrics?name=accuracy/" + test, ADMIN).json();
        assertThat(points.size()).as("one test accuracy").isEqualTo(1);
        return points.get(0).get("value").asDouble();
    }

    private double lastValue(String experiment, String metric) {
        JsonNode points = api.get("/v1/experiments/" + experiment + "/metrics?name=" + metric, ADMIN).json();
        assertThat(points.size()).as(metric).isPositive();
        return points.get(points.size() - 1).get("value").asDouble();
    }

    private String upload(String name, DatasetReader.Images images) {
        byte[] labels = new byte[images.numSamples()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.labels()[i];
        }
        return api.upload("/v1/datasets", ADMIN, Map.of("name", name),
                new FilePart("file", name + ".idx", DatasetFiles.idx(0x00000803,
                        new int[] {images.numSamples(), 28, 28}, images.pixels())),
                new FilePart("labels", name + "-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id")
                .asString();
    }
}
