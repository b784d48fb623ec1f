package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pretext.dataset.Modality;
import io.pretext.job.NewJob;
import io.pretext.training.JobKind;
import io.pretext.training.JobPayload;
import io.pretext.training.TextShape;
import io.pretext.training.TransformerShape;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobPlannerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATASET = "00000000-0000-0000-0000-000000000001";

    @Test
    void the_text_baseline_gets_the_pretrainings_vocabulary_size_and_length() {
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "t", "pretrain": {"dataset": "%1$s", "method": "mlm", "maxLength": 64, "vocabSize": 3000,
                                           "transformer": {"layers": 2}},
                 "finetune": {"dataset": "%1$s"}}""".formatted(DATASET), ExperimentSpec.class));

        List<NewJob> jobs = JobPlanner.plan(spec, JSON, null, Modality.TEXT);

        JsonNode scratch = JSON.readTree(jobs.stream().filter(j -> j.kind() == JobKind.SCRATCH).findFirst()
                .orElseThrow().payload());
        assertThat(scratch.at("/text/vocabSize").asInt()).isEqualTo(3000);
        assertThat(scratch.at("/text/maxLength").asInt()).isEqualTo(64);
        assertThat(scratch.at("/text/transformer/layers").asInt()).isEqualTo(2);
        assertThat(scratch.at("/text/transformer/width").asInt()).isEqualTo(128);
        assertThat(scratch.get("encoder").asString()).isEqualTo("transformer-mini");
    }

    @Test
    void a_baseline_beside_a_reused_encoder_gets_that_pretrainings_text_settings() {
        ExperimentSpec source = SpecDefaults.apply(JSON.readValue("""
                {"name": "s", "pretrain": {"dataset": "%1$s", "method": "mlm", "maxLength": 48}}"""
                .formatted(DATASET), ExperimentSpec.class));
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "finetune": {"dataset": "%1$s", "encoderFrom": "%1$s"}, "baseline": "scratch"}"""
                .formatted(DATASET), ExperimentSpec.class));

        List<NewJob> jobs = JobPlanner.plan(spec, JSON,
                new PretrainedEncoders.PretrainedEncoder(java.util.UUID.randomUUID(), source.pretrain(), false), Modality.TEXT);

        JsonNode scratch = JSON.readTree(jobs.stream().filter(j -> j.kind() == JobKind.SCRATCH).findFirst()
                .orElseThrow().payload());
        assertThat(scratch.at("/text/maxLength").asInt()).isEqualTo(48);
        assertThat(scratch.at("/text/vocabSize").asInt()).isEqualTo(8000);
    }

    @Test
    void a_finetune_of_a_pretraining_still_pending_waits_for_it_and_one_of_a_finished_one_does_not() {
        ExperimentSpec source = SpecDefaults.apply(JSON.readValue("""
                {"name": "s", "pretrain": {"dataset": "%1$s", "method": "simclr"}}""".formatted(DATASET),
                ExperimentSpec.class));
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "finetune": {"dataset": "%1$s", "encoderFrom": "%1$s"}, "baselines": ["scratch"]}"""
                .formatted(DATASET), ExperimentSpec.class));
        java.util.UUID pretraining = java.util.UUID.randomUUID();

        List<NewJob> pending = JobPlanner.plan(spec, JSON,
                new PretrainedEncoders.PretrainedEncoder(pretraining, source.pretrain(), true), Modality.IMAGE);
        List<NewJob> finished = JobPlanner.plan(spec, JSON,
                new PretrainedEncoders.PretrainedEncoder(pretraining, source.pretrain(), false), Modality.IMAGE);

        assertThat(pending.stream().filter(j -> j.kind() == JobKind.FINETUNE).findFirst().orElseThrow().dependsOn())
                .containsExactly(pretraining);
        assertThat(pending.stream().filter(j -> j.kind() == JobKind.SCRATCH).findFirst().orElseThrow().dependsOn())
                .as("the scratch baseline needs no encoder").isEmpty();
        assertThat(finished.stream().filter(j -> j.kind() == JobKind.FINETUNE).findFirst().orElseThrow().dependsOn())
                .isEmpty();
    }

    @Test
    void an_image_baseline_has_no_text_settings() {
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "i", "pretrain": {"dataset": "%1$s", "method": "simclr"},
                 "finetune": {"dataset": "%1$s"}}""".formatted(DATASET), ExperimentSpec.class));

        JsonNode scratch = JSON.readTree(JobPlanner.plan(spec, JSON, null, Modality.IMAGE).stream()
                .filter(j -> j.kind() == JobKind.SCRATCH).findFirst().orElseThrow().payload());

        assertThat(scratch.has("text")).isFalse();
        assertThat(scratch.get("encoder").asString()).isEqualTo("cnn-small");
    }

    @Test
    void a_text_experiment_with_only_a_finetune_section_plans_its_baseline_with_the_text_encoder() {
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "finetune": {"dataset": "%1$s"}, "evaluate": {"datasets": ["%1$s"]}}"""
                .formatted(DATASET), ExperimentSpec.class));

        List<NewJob> jobs = JobPlanner.plan(spec, JSON, null, Modality.TEXT);

        assertThat(jobs).as("finetune, scratch, their evaluations and the pixels floor").hasSize(5)
                .filteredOn(j -> j.kind() != JobKind.PIXELS)
                .extracting(j -> JSON.readTree(j.payload()).path("encoder").asString(null))
                .containsOnly("transformer-mini");
    }

    @Test
    void a_text_model_trained_without_a_pretrained_encoder_gets_the_text_methods_shape() {
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "finetune": {"dataset": "%1$s"}}""".formatted(DATASET), ExperimentSpec.class));

        List<NewJob> jobs = JobPlanner.plan(spec, JSON, null, Modality.TEXT);

        assertThat(jobs).extracting(NewJob::kind).containsExactly(JobKind.FINETUNE, JobKind.PIXELS, JobKind.SCRATCH);
        assertThat(jobs).filteredOn(j -> j.kind() != JobKind.PIXELS).allSatisfy(job -> {
            TextShape text = JobPayload.parse(job.payload(), JSON).text();
            assertThat(text).isEqualTo(new TextShape(8000, 128,
                    new TransformerShape(4, 128, 4, 512)));
        });
    }

    @Test
    void the_pixels_floor_is_one_job_without_dependencies_on_the_finetunes_labels_and_evaluation_datasets() {
        String test = "00000000-0000-0000-0000-000000000002";
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "p", "seed": 9, "pretrain": {"dataset": "%1$s", "method": "simclr"},
                 "finetune": {"dataset": "%1$s", "labelsPerClass": 10},
                 "evaluate": {"datasets": ["%2$s"]}, "baselines": ["pixels"]}""".formatted(DATASET, test),
                ExperimentSpec.class));

        List<NewJob> jobs = JobPlanner.plan(spec, JSON, null, Modality.IMAGE);

        assertThat(jobs).extracting(NewJob::kind).as("no scratch baseline was asked for")
                .containsExactly(JobKind.PRETRAIN, JobKind.FINETUNE, JobKind.EVALUATE, JobKind.PIXELS);
        NewJob pixels = jobs.get(3);
        assertThat(pixels.dependsOn()).isEmpty();
        JobPayload payload = JobPayload.parse(pixels.payload(), JSON);
        assertThat(payload.finetune()).isEqualTo(JobPayload.parse(jobs.get(1).payload(), JSON).finetune());
        assertThat(payload.evaluate().datasets()).containsExactly(java.util.UUID.fromString(test));
        assertThat(payload.seed()).isEqualTo(9L);
        assertThat(List.of(String.valueOf(payload.encoder()), String.valueOf(payload.encoderFromJob()),
                String.valueOf(payload.modelFromJob()))).containsOnly("null");
    }

    @Test
    void only_the_baselines_asked_for_are_planned() {
        String finetune = """
                {"name": "b", "finetune": {"dataset": "%s"}, "evaluate": {"datasets": ["%1$s"]}, %%s}"""
                .formatted(DATASET);

        assertThat(kinds(finetune.formatted("\"baselines\": []"))).containsExactly(JobKind.FINETUNE, JobKind.EVALUATE);
        assertThat(kinds(finetune.formatted("\"baseline\": \"scratch\""))).containsExactly(JobKind.FINETUNE,
                JobKind.EVALUATE, JobKind.SCRATCH, JobKind.EVALUATE);
        assertThat(kinds(finetune.formatted("\"baselines\": [\"scratch\", \"pixels\"]"))).containsExactly(
                JobKind.FINETUNE, JobKind.EVALUATE, JobKind.PIXELS, JobKind.SCRATCH, JobKind.EVALUATE);
        assertThat(kinds("""
                {"name": "b", "pretrain": {"dataset": "%s", "method": "simclr"}}""".formatted(DATASET)))
                .as("nothing to compare without a finetune").containsExactly(JobKind.PRETRAIN);
    }

    @Test
    void a_clip_pretraining_without_finetune_is_evaluated_itself_with_its_prompts() {
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "c", "pretrain": {"dataset": "%1$s", "method": "clip", "promptTemplates": ["an icon of {}"]},
                 "evaluate": {"datasets": ["%1$s"]}}""".formatted(DATASET), ExperimentSpec.class));

        List<NewJob> jobs = JobPlanner.plan(spec, JSON, null, Modality.IMAGE);

        assertThat(jobs).extracting(NewJob::kind).containsExactly(JobKind.PRETRAIN, JobKind.EVALUATE);
        assertThat(jobs.get(1).dependsOn()).containsExactly(jobs.get(0).id());
        JobPayload evaluation = JobPayload.parse(jobs.get(1).payload(), JSON);
        assertThat(evaluation.modelFromJob()).isEqualTo(jobs.get(0).id());
        assertThat(evaluation.evaluate().promptTemplates()).containsExactly("an icon of {}");
        assertThat(kinds("""
                {"name": "s", "pretrain": {"dataset": "%1$s", "method": "simclr"},
                 "evaluate": {"datasets": ["%1$s"]}}""".formatted(DATASET)))
                .as("other methods need a finetune to be scored").containsExactly(JobKind.PRETRAIN);
    }

    private static List<JobKind> kinds(String json) {
        return JobPlanner.plan(SpecDefaults.apply(JSON.readValue(json, ExperimentSpec.class)), JSON, null,
                Modality.IMAGE).stream().map(NewJob::kind).toList();
    }
}
