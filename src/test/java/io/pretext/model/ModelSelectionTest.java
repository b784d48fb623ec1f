package io.pretext.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.Test;

/** Which checkpoint of a finished experiment becomes the model. */
class ModelSelectionTest {

    static JobView job(JobKind kind, JobState state) {
        return new JobView(UUID.randomUUID(), UUID.randomUUID(), kind, state, 0, 1, 3, List.of(), null, null, null,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, null);
    }

    static ModelSelection.Decision decide(List<JobView> jobs, Map<JobKind, Double> accuracy) {
        return ModelSelection.decide(jobs, j -> j.kind() == JobKind.EVALUATE ? Optional.empty()
                : Optional.of(new ModelSelection.Candidate(j.id(), j.kind(), 2, ArtifactLayout.checkpoints(j.id()),
                        accuracy.get(j.kind()))));
    }

    @Test
    void the_scratch_baseline_wins_only_when_it_validated_better() {
        List<JobView> jobs = List.of(job(JobKind.PRETRAIN, JobState.SUCCEEDED), job(JobKind.FINETUNE, JobState.SUCCEEDED),
                job(JobKind.SCRATCH, JobState.SUCCEEDED), job(JobKind.EVALUATE, JobState.SUCCEEDED));

        assertThat(decide(jobs, Map.of(JobKind.FINETUNE, 0.8, JobKind.SCRATCH, 0.9)).chosen().kind())
                .isEqualTo(JobKind.SCRATCH);
        assertThat(decide(jobs, Map.of(JobKind.FINETUNE, 0.9, JobKind.SCRATCH, 0.8)).chosen().kind())
                .isEqualTo(JobKind.FINETUNE);
        assertThat(decide(jobs, Map.of(JobKind.FINETUNE, 0.8, JobKind.SCRATCH, 0.8)).chosen().kind())
                .as("a tie goes to the finetune").isEqualTo(JobKind.FINETUNE);
        assertThat(decide(jobs, Map.of(JobKind.FINETUNE, 0.8, JobKind.SCRATCH, 0.8)).considered()).hasSize(2);
    }

    @Test
    void the_pixels_floor_is_never_a_candidate_even_when_it_validated_best() {
        List<JobView> jobs = List.of(job(JobKind.FINETUNE, JobState.SUCCEEDED), job(JobKind.PIXELS, JobState.SUCCEEDED),
                job(JobKind.SCRATCH, JobState.SUCCEEDED));

        ModelSelection.Decision decision = decide(jobs, Map.of(JobKind.FINETUNE, 0.5, JobKind.SCRATCH, 0.6,
                JobKind.PIXELS, 0.9));

        assertThat(decision.chosen().kind()).isEqualTo(JobKind.SCRATCH);
        assertThat(decision.considered()).extracting(ModelSelection.Candidate::kind)
                .containsExactlyInAnyOrder(JobKind.FINETUNE, JobKind.SCRATCH);
    }

    @Test
    void a_failed_finetune_gives_no_model_even_when_scratch_succeeded() {
        List<JobView> jobs = List.of(job(JobKind.FINETUNE, JobState.FAILED), job(JobKind.SCRATCH, JobState.SUCCEEDED));

        ModelSelection.Decision decision = decide(jobs, Map.of(JobKind.SCRATCH, 0.9));

        assertThat(decision.chosen()).isNull();
        assertThat(decision.reason()).contains("ended FAILED");
    }

    @Test
    void a_failed_scratch_baseline_leaves_the_finetune() {
        List<JobView> jobs = List.of(job(JobKind.FINETUNE, JobState.SUCCEEDED), job(JobKind.SCRATCH, JobState.CANCELLED));

        assertThat(decide(jobs, Map.of(JobKind.FINETUNE, 0.5, JobKind.SCRATCH, 0.9)).chosen().kind())
                .isEqualTo(JobKind.FINETUNE);
    }

    @Test
    void a_pretrain_only_experiment_registers_its_encoder_and_a_failed_one_nothing() {
        assertThat(decide(List.of(job(JobKind.PRETRAIN, JobState.SUCCEEDED)), Map.of()).chosen().kind())
                .isEqualTo(JobKind.PRETRAIN);
        assertThat(decide(List.of(job(JobKind.PRETRAIN, JobState.FAILED)), Map.of()).chosen()).isNull();
    }
}
