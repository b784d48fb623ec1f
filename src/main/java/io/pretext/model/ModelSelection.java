package io.pretext.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.training.JobKind;

/**
 * Which checkpoint of a finished experiment becomes a model version. With a finetune: only if the
 * finetune succeeded, the best by validation accuracy of the finetuned model and (if it succeeded)
 * the scratch baseline, the finetune winning ties. The {@code pixels} floor (a PIXELS job) is never a
 * candidate: it writes no checkpoint. Without a finetune: the succeeded pretraining's encoder, for
 * embeddings only. Stateless.
 */
final class ModelSelection {

    /** A job's best checkpoint and its validation accuracy (null when the job reports none). */
    record Candidate(UUID jobId, JobKind kind, int epoch, String prefix, Double validationAccuracy) {
    }

    /** The outcome: the chosen candidate, or why there is none; {@code considered} lists every candidate. */
    record Decision(Candidate chosen, String reason, List<Candidate> considered) {

        static Decision skip(String reason) {
            return new Decision(null, reason, List.of());
        }
    }

    private ModelSelection() {
    }

    /**
     * @param jobs every job of the experiment, all final
     * @param best a job's best checkpoint as a candidate, empty when it wrote none
     */
    static Decision decide(List<JobView> jobs, Function<JobView, Optional<Candidate>> best) {
        Optional<JobView> finetune = first(jobs, JobKind.FINETUNE);
        if (finetune.isPresent()) {
            if (finetune.get().state() != JobState.SUCCEEDED) {
                return Decision.skip("the finetune job " + finetune.get().id() + " ended " + finetune.get().state());
            }
            // Only jobs that train a servable network: not evaluations, not the pixels floor.
            List<Candidate> candidates = jobs.stream()
                    .filter(j -> j.state() == JobState.SUCCEEDED)
                    .filter(j -> j.kind() == JobKind.FINETUNE || j.kind() == JobKind.SCRATCH)
                    .map(best).flatMap(Optional::stream).toList();
            Comparator<Candidate> byAccuracy = Comparator.comparingDouble(
                    c -> c.validationAccuracy() == null ? Double.NEGATIVE_INFINITY : c.validationAccuracy());
            return candidates.stream()
                    .max(byAccuracy.thenComparing(c -> c.kind() == JobKind.FINETUNE))
                    .map(c -> new Decision(c, "best validation accuracy of " + candidates.size() + " candidate(s)",
                            candidates))
                    .orElse(Decision.skip("the finetune job wrote no checkpoint"));
        }
        Optional<JobView> pretrain = first(jobs, JobKind.PRETRAIN);
        if (pretrain.isEmpty() || pretrain.get().state() != JobState.SUCCEEDED) {
            return Decision.skip("neither a finetune nor a pretraining succeeded");
        }
        return best.apply(pretrain.get())
                .map(c -> new Decision(c, "the pretrained encoder (no finetune in the experiment)", List.of(c)))
                .orElse(Decision.skip("the pretraining job wrote no checkpoint"));
    }

    private static Optional<JobView> first(List<JobView> jobs, JobKind kind) {
        return jobs.stream().filter(j -> j.kind() == kind).findFirst();
    }
}
