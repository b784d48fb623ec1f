package io.pretext.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.pretext.client.api.AdminApi;
import io.pretext.client.api.DatasetsApi;
import io.pretext.client.api.ExperimentsApi;
import io.pretext.client.api.InferenceApi;
import io.pretext.client.api.KeysApi;
import io.pretext.client.api.ModelsApi;
import io.pretext.client.model.BaselineChoice;
import io.pretext.client.model.Classifications;
import io.pretext.client.model.CreateKeyRequest;
import io.pretext.client.model.CreateTenantRequest;
import io.pretext.client.model.DatasetFormat;
import io.pretext.client.model.DatasetInfo;
import io.pretext.client.model.Embeddings;
import io.pretext.client.model.ExperimentSpec;
import io.pretext.client.model.ExperimentView;
import io.pretext.client.model.Finetune;
import io.pretext.client.model.InferenceInputs;
import io.pretext.client.model.JobState;
import io.pretext.client.model.MetricPoint;
import io.pretext.client.model.ModelDetail;
import io.pretext.client.model.Pretrain;
import io.pretext.client.model.Problem;
import io.pretext.client.model.Scope;
import io.pretext.client.model.TrainingMethod;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.WorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps the contract honest (issue 16): the Java client generated at build time from
 * {@code client/openapi.json} (which {@code ClientDocumentTest} keeps equal to the live document)
 * drives a whole flow against the real service with API and worker roles, using only generated
 * classes for the calls: tenant and key, dataset upload, experiment submit and poll, metrics,
 * pictures, the backbone zip, embeddings and classifications (multipart and JSON), and one error of
 * each family read as the {@link Problem} schema.
 */
class GeneratedClientFlowTest {

    static final String ADMIN = "ptx_generated-client-flow-admin-01";
    static final List<String> CLASSES = List.of("zero", "one", "two", "three");
    static final int MAX_FAILURES = 3;

    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    ConfigurableApplicationContext app;
    String baseUri;

    @BeforeEach
    void start() {
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN, Map.of(
                "pretext.models.sweep-interval", "300ms",
                "pretext.inference.max-images", "4",
                "pretext.security.auth-throttle.max-failures", String.valueOf(MAX_FAILURES)));
        baseUri = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** A generated client that sends {@code key} (or no key when null) as the bearer token. */
    ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri);
        client.setReadTimeout(Duration.ofSeconds(60));
        if (key != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        }
        return client;
    }

    @Test
    void a_generated_client_trains_serves_and_reads_every_error_as_a_problem() throws Exception {
        AdminApi admin = new AdminApi(client(ADMIN));
        UUID tenant = admin.createTenant(new CreateTenantRequest().name("acme")).getId();
        String key = admin.issueKey(tenant, new CreateKeyRequest().name("flow").scopes(
                new LinkedHashSet<>(List.of(Scope.READ, Scope.WRITE)))).getKey();
        ApiClient acme = client(key);
        assertThat(new KeysApi(acme).whoAmI().getTenantId()).isEqualTo(tenant);

        DatasetInfo dataset = upload(new DatasetsApi(acme));
        assertThat(dataset.getNumSamples()).isEqualTo(200);
        assertThat(dataset.getClasses()).isEqualTo(CLASSES);
        assertThat(png(new DatasetsApi(acme).getDatasetSampleGrid(dataset.getId(), 16))).isTrue();

        ExperimentsApi experiments = new ExperimentsApi(acme);
        ExperimentSpec spec = new ExperimentSpec().name("flow").seed(3L).baseline(BaselineChoice.NONE)
                .pretrain(new Pretrain().dataset(dataset.getId()).method(TrainingMethod.ROTATION).epochs(1)
                        .batchSize(64))
                .finetune(new Finetune().dataset(dataset.getId()).labelFraction(0.5).epochs(1).batchSize(32));
        ExperimentView submitted = experiments.submitExperiment(spec, "flow-1");
        Await.until(Duration.ofMinutes(5), () -> finished(experiments, submitted.getId()));
        ExperimentView done = experiments.getExperiment(submitted.getId());
        assertThat(done.getState()).as(done.toString()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.getJobs()).hasSize(2);
        List<MetricPoint> losses = experiments.getExperimentMetrics(done.getId(), "loss", null);
        assertThat(losses).isNotEmpty().allSatisfy(p -> assertThat(p.getValue()).isFinite());
        assertThat(png(experiments.getExperimentCurves(done.getId()))).isTrue();

        ModelsApi models = new ModelsApi(acme);
        Await.until(Duration.ofSeconds(30), () -> exists(models, "flow"));
        ModelDetail model = models.getModel("flow");
        assertThat(model.getVersions()).singleElement()
                .satisfies(v -> assertThat(v.getExperimentId()).isEqualTo(done.getId()));
        try (ZipFile backbone = new ZipFile(models.exportBackbone("flow"))) {
            assertThat(backbone.stream().map(ZipEntry::getName)).contains("encoder.params", "card.json");
        }

        infer(new InferenceApi(acme), model.getVersions().get(0).getCard().getEmbeddingSize());
        errors(admin, acme, experiments, spec);
    }

    private DatasetInfo upload(DatasetsApi datasets) throws Exception {
        byte[] labels = new byte[200];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % CLASSES.size());
        }
        File images = write("images.idx", DatasetFiles.idxImages(200, 16, 16, 9));
        File labelFile = write("labels.idx", DatasetFiles.idxLabels(labels));
        return datasets.uploadDataset(images, "small", labelFile, DatasetFormat.IDX, null, String.join(",", CLASSES),
                null, null, null);
    }

    private void infer(InferenceApi inference, Integer embeddingSize) throws Exception {
        List<byte[]> images = List.of(DatasetFiles.png(16, 16, true, 1), DatasetFiles.png(20, 24, false, 2));
        List<File> parts = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            parts.add(write("image-" + i + ".png", images.get(i)));
        }
        InferenceInputs base64 = new InferenceInputs()
                .images(images.stream().map(Base64.getEncoder()::encodeToString).toList());

        Embeddings fromFiles = inference.embedImages("flow", parts, true);
        Embeddings fromJson = inference.embedInputs("flow@latest", base64, true);
        assertThat(fromFiles.getEmbeddings()).hasSize(2);
        assertThat(fromFiles.getEmbeddingSize()).isPositive();
        assertThat(embeddingSize).as("the model card's embedding size").isIn(null, fromFiles.getEmbeddingSize());
        for (int i = 0; i < images.size(); i++) {
            assertThat(fromFiles.getEmbeddings().get(i)).hasSize(fromFiles.getEmbeddingSize());
            for (int d = 0; d < fromFiles.getEmbeddingSize(); d++) {
                assertThat(fromJson.getEmbeddings().get(i).get(d))
                        .isCloseTo(fromFiles.getEmbeddings().get(i).get(d), within(1e-5f));
            }
        }

        Classifications classifiedFiles = inference.classifyImages("flow", parts, 2);
        Classifications classifiedJson = inference.classifyInputs("flow", base64, 4);
        assertThat(classifiedFiles.getPredictions()).hasSize(2).allSatisfy(p -> {
            assertThat(p.getLabel()).isIn(CLASSES);
            assertThat(p.getTop()).hasSize(2);
        });
        for (int i = 0; i < images.size(); i++) {
            assertThat(classifiedJson.getPredictions().get(i).getLabel())
                    .isEqualTo(classifiedFiles.getPredictions().get(i).getLabel());
            assertThat(classifiedJson.getPredictions().get(i).getTop()).hasSize(4);
        }
    }

    /** One error of each family the service sends, each read through the generated Problem model. */
    private void errors(AdminApi admin, ApiClient acme, ExperimentsApi experiments, ExperimentSpec spec)
            throws Exception {
        ExperimentSpec invalid = new ExperimentSpec().name("bad")
                .pretrain(new Pretrain().dataset(UUID.randomUUID()).method(TrainingMethod.ROTATION).epochs(0));
        Problem badRequest = ExpectedProblem.of(acme, 400, () -> experiments.submitExperiment(invalid, null));
        assertThat(badRequest.getErrors()).anySatisfy(e -> assertThat(e.getField()).isEqualTo("pretrain.epochs"));
        ExpectedProblem.of(acme, 401, () -> new KeysApi(client(null)).whoAmI());
        ExpectedProblem.of(acme, 403, () -> new AdminApi(acme).listTenants(null, null));
        ExpectedProblem.of(acme, 404, () -> experiments.getExperiment(UUID.randomUUID()));
        ExpectedProblem.of(acme, 409, () -> admin.createTenant(new CreateTenantRequest().name("acme")));
        List<String> tooMany = Collections.nCopies(5,
                Base64.getEncoder().encodeToString(DatasetFiles.png(16, 16, true, 5)));
        ExpectedProblem.of(acme, 413,
                () -> new InferenceApi(acme).embedInputs("flow", new InferenceInputs().images(tooMany), null));
        ExpectedProblem.of(acme, 422, () -> experiments.submitExperiment(spec.name("another"), "flow-1"));
        KeysApi guesser = new KeysApi(client("ptx_not-a-key-of-anyone-at-all-0"));
        for (int i = 0; i < MAX_FAILURES; i++) {
            ExpectedProblem.of(acme, 401, guesser::whoAmI);
        }
        Problem throttled = ExpectedProblem.of(acme, 429, guesser::whoAmI);
        assertThat(throttled.getDetail()).isNotBlank();
    }

    private static boolean finished(ExperimentsApi experiments, UUID id) {
        try {
            JobState state = experiments.getExperiment(id).getState();
            return state == JobState.SUCCEEDED || state == JobState.FAILED || state == JobState.CANCELLED;
        } catch (ApiException e) {
            throw new AssertionError(e.getResponseBody(), e);
        }
    }

    private static boolean exists(ModelsApi models, String name) {
        try {
            return models.getModel(name) != null;
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw new AssertionError(e.getResponseBody(), e);
            }
            return false;
        }
    }

    private static boolean png(File file) throws IOException {
        byte[] bytes = Files.readAllBytes(file.toPath());
        return bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }

    private File write(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content).toFile();
    }
}
