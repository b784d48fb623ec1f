package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.pretext.dataset.Modality;
import io.pretext.job.NewJob;
import io.pretext.training.CheckpointPolicy;
import io.pretext.training.EvaluateSettings;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.FixMatchSettings;
import io.pretext.training.JobKind;
import io.pretext.training.JobPayload;
import io.pretext.training.LearningRates;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.PretrainSettings;
import io.pretext.training.TransformerShape;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planner writes, and the training child reads, the same payload: every job of a full image
 * and a full text spec reads back as a {@link JobPayload} with unknown properties failing, its
 * sections are the spec's sections as JSON (what the planner wrote before payloads were typed), and
 * every spec field has its payload field.
 */
class JobPayloadContractTest {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String PRETRAIN = "00000000-0000-0000-0000-000000000001";
    private static final String FINETUNE = "00000000-0000-0000-0000-000000000002";
    private static final String EVALUATE = "00000000-0000-0000-0000-000000000003";

    @Test
    void every_job_of_a_full_image_spec_reads_back_with_every_field() {
        ExperimentSpec spec = spec("""
                {"name": "image", "seed": 42, "priority": 5, "maxRestarts": 2,
                 "checkpoint": {"everyEpochs": 2, "keepLatest": 3},
                 "pretrain": {"dataset": "%1$s", "method": "moco", "encoder": "cnn-small", "epochs": 7,
                              "batchSize": 64, "optimizer": {"type": "sgd", "lr": 0.05, "weightDecay": 0.0005,
                              "momentum": 0.8}, "schedule": "cosine", "temperature": 0.3, "augmentation": "weak",
                              "queueSize": 1024, "momentum": 0.95, "knnEvery": 2},
                 "finetune": {"dataset": "%2$s", "labelsPerClass": 10, "validationFraction": 0.2,
                              "strategy": "gradual-unfreeze", "epochs": 9, "batchSize": 32,
                              "lr": {"head": 0.01, "encoder": 0.001}, "augmentation": "strong",
                              "optimizer": {"type": "adam", "lr": 0.01, "weightDecay": 0.0},
                              "schedule": "constant", "unfreezeEvery": 2, "steps": 300,
                              "fixmatch": {"unlabeledDataset": "%1$s", "mu": 3, "threshold": 0.9,
                                           "unlabeledWeight": 2.0, "emaDecay": 0.99}},
                 "evaluate": {"datasets": ["%3$s", "%2$s"], "metrics": ["accuracy", "knn"]},
                 "baseline": "scratch", "baselines": ["scratch", "pixels"]}""");

        Map<JobKind, List<Planned>> jobs = plan(spec, Modality.IMAGE);

        assertThat(jobs.get(JobKind.PRETRAIN)).hasSize(1);
        assertThat(jobs.get(JobKind.EVALUATE)).hasSize(2);
        assertThat(jobs.get(JobKind.PIXELS)).hasSize(1);
        Planned pretrain = jobs.get(JobKind.PRETRAIN).get(0);
        PretrainSettings p = pretrain.payload().pretrain();
        assertThat(p.dataset()).isEqualTo(UUID.fromString(PRETRAIN));
        assertThat(List.of(p.method(), p.encoder(), p.schedule(), p.augmentation()))
                .containsExactly("moco", "cnn-small", "cosine", "weak");
        assertThat(List.of(p.epochs(), p.batchSize(), p.queueSize(), p.knnEvery())).containsExactly(7, 64, 1024, 2);
        assertThat(List.of(p.temperature(), p.momentum())).containsExactly(0.3, 0.95);
        assertThat(p.optimizer()).isEqualTo(new OptimizerSettings("sgd", 0.05, 0.0005, 0.8));
        assertThat(pretrain.payload().knn().bank()).isEqualTo(UUID.fromString(FINETUNE));
        assertThat(pretrain.payload().knn().queries()).isEqualTo(UUID.fromString(EVALUATE));
        assertThat(pretrain.payload().encoder()).isNull();
        FinetuneSettings f = jobs.get(JobKind.FINETUNE).get(0).payload().finetune();
        assertThat(f.labelsPerClass()).isEqualTo(10);
        assertThat(f.labelFraction()).isNull();
        assertThat(f.unfreezeEvery()).isEqualTo(2);
        assertThat(f.lr()).isEqualTo(new LearningRates(0.01, 0.001));
        assertThat(f.steps()).isEqualTo(300);
        assertThat(f.fixmatch()).isEqualTo(new FixMatchSettings(UUID.fromString(PRETRAIN), 3, 0.9, 2.0, 0.99));
        assertThat(jobs.get(JobKind.FINETUNE).get(0).payload().encoderFromJob()).isEqualTo(pretrain.job().id());
        assertThat(jobs.get(JobKind.SCRATCH).get(0).payload().encoderFromJob()).isNull();
        assertThat(jobs.get(JobKind.EVALUATE)).extracting(e -> e.payload().modelFromJob()).containsExactlyInAnyOrder(
                jobs.get(JobKind.FINETUNE).get(0).job().id(), jobs.get(JobKind.SCRATCH).get(0).job().id());
        EvaluateSettings e = jobs.get(JobKind.EVALUATE).get(0).payload().evaluate();
        assertThat(e.datasets()).containsExactly(UUID.fromString(EVALUATE), UUID.fromString(FINETUNE));
        assertThat(e.metrics()).containsExactly("accuracy", "knn");
        jobs.values().stream().flatMap(List::stream).forEach(job -> {
            assertThat(job.payload().seed()).isEqualTo(42L);
            assertThat(job.payload().checkpoint()).isEqualTo(new CheckpointPolicy(2, null, 3));
            assertThat(job.payload().text()).isNull();
        });
        assertSectionsAreTheSpecs(spec, jobs);
    }

    @Test
    void every_job_of_a_full_text_spec_reads_back_with_every_field() {
        ExperimentSpec spec = spec("""
                {"name": "text", "seed": 3, "checkpoint": {"everySteps": 50, "keepLatest": 2},
                 "pretrain": {"dataset": "%1$s", "method": "mlm", "encoder": "transformer-mini", "epochs": 3,
                              "batchSize": 16, "optimizer": {"type": "adamw", "lr": 0.0005, "weightDecay": 0.01},
                              "schedule": "warmup-cosine", "augmentation": "none", "knnEvery": 1,
                              "vocabSize": 2000, "maxLength": 64,
                              "transformer": {"layers": 2, "width": 64, "heads": 2, "feedForward": 256}},
                 "finetune": {"dataset": "%2$s", "labelFraction": 0.5, "validationFraction": 0.1,
                              "strategy": "full", "epochs": 4, "batchSize": 8, "lr": {"head": 0.002, "encoder": 0.0002},
                              "augmentation": "none", "optimizer": {"type": "adamw", "lr": 0.002, "weightDecay": 0.001},
                              "schedule": "constant", "pooling": "cls"},
                 "evaluate": {"datasets": ["%3$s"], "metrics": ["macro-f1"]}}""");

        Map<JobKind, List<Planned>> jobs = plan(spec, Modality.TEXT);

        PretrainSettings p = jobs.get(JobKind.PRETRAIN).get(0).payload().pretrain();
        assertThat(List.of(p.vocabSize(), p.maxLength())).containsExactly(2000, 64);
        assertThat(p.transformer()).isEqualTo(new TransformerShape(2, 64, 2, 256));
        assertThat(p.temperature()).isNull();
        FinetuneSettings f = jobs.get(JobKind.FINETUNE).get(0).payload().finetune();
        assertThat(f.pooling()).isEqualTo("cls");
        assertThat(f.labelFraction()).isEqualTo(0.5);
        JobPayload scratch = jobs.get(JobKind.SCRATCH).get(0).payload();
        assertThat(scratch.text().vocabSize()).isEqualTo(2000);
        assertThat(scratch.text().maxLength()).isEqualTo(64);
        assertThat(scratch.text().transformer()).isEqualTo(new TransformerShape(2, 64, 2, 256));
        assertThat(scratch.encoder()).isEqualTo("transformer-mini");
        assertThat(jobs.get(JobKind.FINETUNE).get(0).payload().text()).as("the pretrained tokenizer decides").isNull();
        assertThat(jobs.get(JobKind.PIXELS)).as("both baselines by default").hasSize(1);
        jobs.values().stream().flatMap(List::stream).forEach(job ->
                assertThat(job.payload().checkpoint()).isEqualTo(new CheckpointPolicy(null, 50, 2)));
        assertSectionsAreTheSpecs(spec, jobs);
    }

    @Test
    void every_spec_field_has_a_payload_field_of_the_same_name() {
        assertThat(names(PretrainSettings.class)).isEqualTo(names(ExperimentSpec.Pretrain.class));
        assertThat(names(FinetuneSettings.class)).isEqualTo(names(ExperimentSpec.Finetune.class));
        // The planner adds a clip pretraining's prompts to its evaluation: the one field not from the section.
        assertThat(names(EvaluateSettings.class)).isEqualTo(java.util.stream.Stream.concat(
                names(ExperimentSpec.Evaluate.class).stream(), java.util.stream.Stream.of("promptTemplates")).toList());
        assertThat(names(CheckpointPolicy.class)).isEqualTo(names(ExperimentSpec.Checkpoint.class));
        assertThat(names(OptimizerSettings.class)).isEqualTo(names(ExperimentSpec.Optimizer.class));
        assertThat(names(LearningRates.class)).isEqualTo(names(ExperimentSpec.LearningRates.class));
        assertThat(names(TransformerShape.class)).isEqualTo(names(ExperimentSpec.Transformer.class));
    }

    /** The sections as the planner wrote them before payloads were typed: the spec records as JSON. */
    private static void assertSectionsAreTheSpecs(ExperimentSpec spec, Map<JobKind, List<Planned>> jobs) {
        jobs.values().stream().flatMap(List::stream).forEach(job -> {
            JsonNode tree = STRICT.readTree(job.job().payload());
            assertThat(tree.get("checkpoint")).isEqualTo(STRICT.valueToTree(spec.checkpoint()));
            assertThat(tree.get("seed").asLong()).isEqualTo(spec.seed());
            switch (job.job().kind()) {
                case PRETRAIN -> assertThat(tree.get("pretrain")).isEqualTo(STRICT.valueToTree(spec.pretrain()));
                case FINETUNE, SCRATCH ->
                        assertThat(tree.get("finetune")).isEqualTo(STRICT.valueToTree(spec.finetune()));
                case EVALUATE -> assertThat(tree.get("evaluate")).isEqualTo(STRICT.valueToTree(spec.evaluate()));
                case PIXELS -> {
                    assertThat(tree.get("finetune")).isEqualTo(STRICT.valueToTree(spec.finetune()));
                    assertThat(tree.get("evaluate")).isEqualTo(STRICT.valueToTree(spec.evaluate()));
                }
                default -> throw new AssertionError("unexpected job " + job.job().kind());
            }
            JsonNode written = STRICT.readTree(STRICT.writeValueAsString(job.payload()));
            assertThat(written).as("a typed payload writes what it read").isEqualTo(tree);
        });
    }

    private record Planned(NewJob job, JobPayload payload) {
    }

    private static Map<JobKind, List<Planned>> plan(ExperimentSpec spec, Modality modality) {
        return JobPlanner.plan(spec, STRICT, null, modality).stream()
                .map(job -> new Planned(job, read(job.payload())))
                .collect(Collectors.groupingBy(p -> p.job().kind()));
    }

    private static JobPayload read(String payload) {
        // Unknown properties fail: a field the planner writes that the payload lacks is an error here.
        STRICT.readValue(payload, JobPayload.class);
        return JobPayload.parse(payload, STRICT);
    }

    private static ExperimentSpec spec(String json) {
        return SpecDefaults.apply(STRICT.readValue(json.formatted(PRETRAIN, FINETUNE, EVALUATE), ExperimentSpec.class));
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
