package io.pretext.model;

import static io.pretext.model.ServedModel.CLASSES;
import static io.pretext.model.ServedModel.base64Body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.Tenants;
import io.pretext.training.ArtifactLayout;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry against a really trained experiment ({@link ServedModel}): what a version holds,
 * registering exactly once, versions of one name, aliases, backbone export, tenant isolation.
 */
class ModelRegistryIntegrationTest {

    static final String ADMIN = ServedModel.ADMIN;

    final ServedModel served = ServedModel.get();
    final ApiClient api = served.api();

    @Test
    void the_finished_experiment_is_one_version_with_its_checkpoint_metrics_and_provenance() throws Exception {
        JdbcClient jdbc = served.app().getBean(JdbcClient.class);
        JsonNode model = served.model();
        assertThat(model.get("name").asString()).isEqualTo("served");
        assertThat(model.get("latestVersion").asInt()).isEqualTo(1);
        JsonNode version = model.get("versions").get(0);
        assertThat(version.get("experimentId").asString()).isEqualTo(served.experimentId());

        // The selection rule against candidates read here: the best checkpoint by validation
        // accuracy among the finetune and the scratch baseline, the finetune winning a tie.
        List<Candidate> candidates = candidates(jdbc);
        assertThat(candidates).extracting(Candidate::kind).containsExactlyInAnyOrder("FINETUNE", "SCRATCH");
        Candidate best = candidates.stream().max(Comparator.comparingDouble(Candidate::validationAccuracy)
                .thenComparing(c -> c.kind().equals("FINETUNE"))).orElseThrow();
        assertThat(version.get("jobId").asString()).isEqualTo(best.jobId());
        assertThat(version.get("jobKind").asString()).isEqualTo(best.kind());
        assertThat(version.get("epoch").asInt()).isEqualTo(best.epoch());
        assertThat(version.get("checkpoint").asString()).isEqualTo(best.prefix());
        assertThat(version.at("/metrics/validationAccuracy").asDouble()).isEqualTo(best.validationAccuracy());
        assertThat(version.at("/provenance/selection/candidates").values())
                .extracting(c -> c.get("jobId").asString(), c -> c.get("kind").asString(), c -> c.get("epoch").asInt(),
                        c -> c.get("validationAccuracy").asDouble())
                .containsExactlyInAnyOrderElementsOf(candidates.stream()
                        .map(c -> tuple(c.jobId(), c.kind(), c.epoch(), c.validationAccuracy())).toList());

        assertThat(version.at("/card/classes").values()).extracting(JsonNode::asString).containsExactlyElementsOf(CLASSES);
        assertThat(version.get("metrics").propertyNames()).anyMatch(name -> name.startsWith("accuracy/"));
        assertThat(version.at("/provenance/datasetSha256").asString()).hasSize(64);
        assertThat(api.get("/v1/models", ADMIN).json().get("items").values())
                .extracting(m -> m.get("name").asString()).contains("served");

        ModelStore.Finished again = new ModelStore.Finished(java.util.UUID.fromString(served.experimentId()),
                jdbc.sql("select tenant_id from experiments where id = :id::uuid").param("id", served.experimentId())
                        .query(java.util.UUID.class).single(), "served");
        assertThat(served.app().getBean(ModelRegistrar.class).register(again)).as("registering again adds nothing")
                .isEmpty();
        assertThat(served.app().getBean(ModelSweep.class).sweepOnce()).isZero();
        assertThat(jdbc.sql("select count(*) from model_versions where experiment_id = :e::uuid")
                .param("e", served.experimentId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void another_experiment_of_the_same_name_is_the_next_version_and_racing_registrars_add_it_once()
            throws Exception {
        JdbcClient jdbc = served.app().getBean(JdbcClient.class);
        ModelRegistrar registrar = served.app().getBean(ModelRegistrar.class);
        String finetune = jdbc.sql("select id::text from jobs where experiment_id = :e::uuid and kind = 'FINETUNE'")
                .param("e", served.experimentId()).query(String.class).single();
        for (int copy = 1; copy <= 2; copy++) {
            // One transaction: the scheduled sweep sees the copy whole or not at all (it may race the two below).
            ModelStore.Finished finished = served.app().getBean(org.springframework.transaction.support.TransactionTemplate.class)
                    .execute(s -> copyAsFinetuneOnly(jdbc, finetune, "served-copy"));
            var racing = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<java.util.Optional<Integer>>> results = racing.invokeAll(List.of(
                    () -> registrar.register(finished), () -> registrar.register(finished)));
            racing.shutdown();
            List<Integer> versions = new ArrayList<>();
            for (var result : results) {
                result.get().ifPresent(versions::add);
            }
            assertThat(versions).as("at most one of the racing registrars adds it (or the sweep did)")
                    .isSubsetOf(copy).hasSizeLessThan(2);
            assertThat(jdbc.sql("select version from model_versions where experiment_id = :e")
                    .param("e", finished.experimentId()).query(Integer.class).list()).containsExactly(copy);
        }

        JsonNode copies = api.get("/v1/models/served-copy", ADMIN).json();
        assertThat(copies.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(copies.get("versions").values()).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(api.get("/v1/models/served-copy@1/backbone", ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/v1/models/served-copy@3/backbone", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void an_alias_selects_its_version_and_the_backbone_zip_holds_the_encoder_and_its_card() throws Exception {
        assertThat(api.send("PUT", "/v1/models/served/aliases/champion", ADMIN, "application/json", "{\"version\": 1}")
                .json().at("/aliases/champion").asInt()).isEqualTo(1);
        assertThat(api.send("PUT", "/v1/models/served/aliases/champion", ADMIN, "application/json", "{\"version\": 7}")
                .status()).isEqualTo(404);
        assertThat(api.post("/v1/models/served@champion/classifications", ADMIN,
                base64Body(List.of(DatasetFiles.png(16, 16, true, 6)))).status()).isEqualTo(200);

        var zip = api.getBytes("/v1/models/served@champion/backbone", ADMIN);
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("card.json", "encoder.params");
        JsonNode card = JsonMapper.builder().build().readTree(entries.get("card.json"));
        assertThat(card.get("encoder").asString()).isEqualTo("cnn-small");
        assertThat(card.get("version").asInt()).isEqualTo(1);
        try (InputStream params = served.app().getBean(ArtifactStore.class)
                .get(served.checkpoint() + ArtifactLayout.ENCODER)) {
            assertThat(entries.get("encoder.params")).isEqualTo(params.readAllBytes());
        }
    }

    @Test
    void another_tenant_sees_no_model_and_a_read_key_cannot_move_an_alias() {
        String other = Tenants.newTenantKey(api);
        String id = served.model().get("id").asString();
        assertThat(api.get("/v1/models/" + id, other).status()).isEqualTo(404);
        assertThat(api.get("/v1/models/served", other).status()).isEqualTo(404);
        assertThat(api.get("/v1/models", other).json().get("totalItems").asLong()).isZero();
        String reader = Tenants.newTenantKey(api, "read");
        assertThat(api.send("PUT", "/v1/models/served/aliases/x", reader, "application/json", "{\"version\": 1}")
                .status()).isEqualTo(403);
    }

    /** A job's best checkpoint as this test reads it. */
    record Candidate(String jobId, String kind, int epoch, String prefix, double validationAccuracy) {
    }

    /**
     * The selection's candidates, read here rather than taken from the registry: each succeeded
     * finetune or scratch job of the experiment (API), the validation accuracy it reported per
     * epoch (API), on the epochs it has a checkpoint of (the checkpoints table, which no route
     * shows); per job the highest accuracy, the later epoch on a tie.
     */
    private List<Candidate> candidates(JdbcClient jdbc) {
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode job : api.get("/v1/experiments/" + served.experimentId(), ADMIN).json().get("jobs").values()) {
            String kind = job.get("kind").asString();
            if (!job.get("state").asString().equals("SUCCEEDED") || !List.of("FINETUNE", "SCRATCH").contains(kind)) {
                continue;
            }
            String jobId = job.get("id").asString();
            Map<Integer, String> checkpoints = new HashMap<>();
            jdbc.sql("select epoch, prefix from checkpoints where job_id = :j::uuid").param("j", jobId)
                    .query(rs -> {
                        checkpoints.put(rs.getInt(1), rs.getString(2));
                    });
            Candidate best = null;
            for (JsonNode point : api.get("/v1/experiments/" + served.experimentId()
                    + "/metrics?name=validationAccuracy&job=" + jobId, ADMIN).json().values()) {
                int epoch = point.get("epoch").asInt();
                double accuracy = point.get("value").asDouble();
                if (checkpoints.containsKey(epoch) && (best == null || accuracy > best.validationAccuracy()
                        || accuracy == best.validationAccuracy() && epoch > best.epoch())) {
                    best = new Candidate(jobId, kind, epoch, checkpoints.get(epoch), accuracy);
                }
            }
            if (best != null) {
                candidates.add(best);
            }
        }
        return candidates;
    }

    /** A new finished experiment of {@code name} whose only job is a copy of {@code jobId} and its checkpoints. */
    private static ModelStore.Finished copyAsFinetuneOnly(JdbcClient jdbc, String jobId, String name) {
        java.util.UUID experiment = java.util.UUID.randomUUID();
        java.util.UUID job = java.util.UUID.randomUUID();
        java.util.UUID tenant = jdbc.sql("select tenant_id from jobs where id = :j::uuid").param("j", jobId)
                .query(java.util.UUID.class).single();
        jdbc.sql("insert into experiments (id, tenant_id, name, spec, created_at) select :e, tenant_id, :name, spec, "
                + "now() from experiments where id = (select experiment_id from jobs where id = :j::uuid)")
                .param("e", experiment).param("name", name).param("j", jobId).update();
        jdbc.sql("""
                insert into jobs (id, tenant_id, experiment_id, kind, state, priority, attempt, max_restarts, payload,
                                  not_before, created_at, started_at, finished_at)
                select :id, tenant_id, :e, kind, state, priority, attempt, max_restarts, payload, not_before, created_at,
                       started_at, finished_at from jobs where id = :j::uuid
                """).param("id", job).param("e", experiment).param("j", jobId).update();
        jdbc.sql("insert into checkpoints (id, job_id, attempt, epoch, prefix, metrics, created_at) select "
                + "gen_random_uuid(), :id, attempt, epoch, prefix, metrics, created_at from checkpoints "
                + "where job_id = :j::uuid").param("id", job).param("j", jobId).update();
        jdbc.sql("insert into job_metrics (job_id, epoch, name, value, attempt, created_at) select :id, epoch, name, "
                + "value, attempt, created_at from job_metrics where job_id = :j::uuid")
                .param("id", job).param("j", jobId).update();
        return new ModelStore.Finished(experiment, tenant, name);
    }
}
