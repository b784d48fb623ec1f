package io.pretext.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.dataset.Modality;
import io.pretext.job.NewJob;
import io.pretext.training.CheckpointPolicy;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.JobKind;
import io.pretext.training.JobPayload;
import io.pretext.training.KnnSources;
import io.pretext.training.TrainingMethods;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a normalized spec into its DAG of jobs: pretrain, then finetune (from the pretrained
 * encoder), then evaluate (a clip pretraining without finetune is evaluated itself); and alongside, the baselines the spec asks for: the scratch baseline
 * and its evaluation, and the {@code pixels} floor (one job that fits and evaluates). Each job's
 * payload ({@link JobPayload}) carries the spec sections it needs, the seed and the checkpoint
 * policy. Stateless.
 */
final class JobPlanner {

    private JobPlanner() {
    }

    /**
     * @param reused the encoder another experiment pretrained (spec's finetune.encoderFrom), or null
     * @param modality what the spec's datasets hold: picks the encoder when neither the spec nor
     *     {@code reused} names one
     */
    static List<NewJob> plan(ExperimentSpec spec, JsonMapper json, PretrainedEncoders.PretrainedEncoder reused,
            Modality modality) {
        return plan(spec, json, reused, modality, Map.of());
    }

    /**
     * @param startFromJobs the succeeded pretrainings the pretraining's parts start from (clip's
     *     towers), by {@link JobPayload} part; empty for none
     */
    static List<NewJob> plan(ExperimentSpec spec, JsonMapper json, PretrainedEncoders.PretrainedEncoder reused,
            Modality modality, Map<String, UUID> startFromJobs) {
        List<NewJob> jobs = new ArrayList<>();
        int priority = spec.priority();
        int restarts = spec.maxRestarts();
        long seed = spec.seed();
        CheckpointPolicy checkpoint = JobPayloads.checkpoint(spec.checkpoint());
        UUID pretrain = null;
        if (spec.pretrain() != null) {
            pretrain = UUID.randomUUID();
            KnnSources knn = null;
            if (spec.finetune() != null) {
                // kNN monitor: labeled finetuning data as the bank, the first evaluation set as queries.
                knn = new KnnSources(UUID.fromString(spec.finetune().dataset()),
                        spec.evaluate() == null ? null : UUID.fromString(spec.evaluate().datasets().get(0)));
            }
            JobPayload payload = new JobPayload(seed, checkpoint, JobPayloads.pretrain(spec.pretrain()), null, null,
                    knn, null, null, null, null, startFromJobs.isEmpty() ? null : Map.copyOf(startFromJobs));
            jobs.add(new NewJob(pretrain, JobKind.PRETRAIN, priority, restarts, json.writeValueAsString(payload),
                    List.of()));
            if (spec.finetune() == null && ClipSpecRules.CLIP.equals(spec.pretrain().method())) {
                // A CLIP model needs no labels to be scored: zero-shot and retrieval on the test sets.
                addEvaluation(jobs, spec, json, pretrain, spec.pretrain().encoder(), spec.pretrain().promptTemplates());
            }
        }
        if (spec.finetune() != null) {
            FinetuneSettings finetuneSettings = JobPayloads.finetune(spec.finetune());
            String encoder = encoder(spec, reused, modality);
            ExperimentSpec.Pretrain pretrained = spec.pretrain() != null ? spec.pretrain()
                    : reused != null ? reused.pretrain() : null;
            UUID encoderFromJob = pretrain != null ? pretrain : reused != null ? reused.jobId() : null;
            UUID finetune = UUID.randomUUID();
            // Without a pretrained encoder, a text model needs a tokenizer size, length and shape.
            JobPayload payload = new JobPayload(seed, checkpoint, null, finetuneSettings, null, null, encoder,
                    encoderFromJob, null, encoderFromJob == null ? JobPayloads.text(null, modality, json) : null);
            List<UUID> waitsFor = pretrain != null ? List.of(pretrain)
                    : reused != null && reused.pending() ? List.of(reused.jobId()) : List.of();
            jobs.add(new NewJob(finetune, JobKind.FINETUNE, priority, restarts, json.writeValueAsString(payload),
                    waitsFor));
            addEvaluation(jobs, spec, json, finetune, encoder, null);
            if (spec.baselines() != null && spec.baselines().contains("pixels")) {
                // Fits on the finetune's labeled split and scores the evaluation datasets itself.
                JobPayload floor = new JobPayload(seed, checkpoint, null, finetuneSettings,
                        spec.evaluate() == null ? null : JobPayloads.evaluate(spec.evaluate()), null, null, null, null,
                        null);
                jobs.add(new NewJob(UUID.randomUUID(), JobKind.PIXELS, priority, restarts,
                        json.writeValueAsString(floor), List.of()));
            }
            if ("scratch".equals(spec.baseline())) {
                UUID scratch = UUID.randomUUID();
                // The text baseline: same encoder, tokenizer size and length as the pretrained one.
                JobPayload baseline = new JobPayload(seed, checkpoint, null, finetuneSettings, null, null, encoder,
                        null, null, JobPayloads.text(pretrained, modality, json));
                jobs.add(new NewJob(scratch, JobKind.SCRATCH, priority, restarts, json.writeValueAsString(baseline),
                        List.of()));
                addEvaluation(jobs, spec, json, scratch, encoder, null);
            }
        }
        return jobs;
    }

    private static String encoder(ExperimentSpec spec, PretrainedEncoders.PretrainedEncoder reused,
            Modality modality) {
        if (spec.pretrain() != null) {
            return spec.pretrain().encoder();
        }
        return reused != null ? reused.encoder() : TrainingMethods.defaultEncoder(modality);
    }

    /** @param promptTemplates a CLIP model's zero-shot prompts, null for a classifier */
    private static void addEvaluation(List<NewJob> jobs, ExperimentSpec spec, JsonMapper json, UUID modelJob,
            String encoder, List<String> promptTemplates) {
        if (spec.evaluate() == null) {
            return;
        }
        JobPayload payload = new JobPayload(spec.seed(), JobPayloads.checkpoint(spec.checkpoint()), null, null,
                JobPayloads.evaluate(spec.evaluate()).withPromptTemplates(promptTemplates), null, encoder, null,
                modelJob, null);
        jobs.add(new NewJob(UUID.randomUUID(), JobKind.EVALUATE, spec.priority(), spec.maxRestarts(),
                json.writeValueAsString(payload), List.of(modelJob)));
    }
}
