package io.pretext.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.job.JobKind;
import io.pretext.job.NewJob;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a normalized spec into its DAG of jobs: pretrain, then finetune (from the pretrained
 * encoder), then evaluate; and alongside, the scratch baseline and its evaluation. Each job's
 * payload carries the spec sections it needs, the seed and the checkpoint policy. Stateless.
 */
final class JobPlanner {

    private JobPlanner() {
    }

    static List<NewJob> plan(ExperimentSpec spec, JsonMapper json) {
        List<NewJob> jobs = new ArrayList<>();
        int priority = spec.priority();
        int restarts = spec.maxRestarts();
        UUID pretrain = null;
        if (spec.pretrain() != null) {
            pretrain = UUID.randomUUID();
            jobs.add(new NewJob(pretrain, JobKind.PRETRAIN, priority, restarts,
                    payload(json, spec, Map.of("pretrain", spec.pretrain())), List.of()));
        }
        if (spec.finetune() != null) {
            UUID finetune = UUID.randomUUID();
            Map<String, Object> sections = new LinkedHashMap<>();
            sections.put("finetune", spec.finetune());
            if (pretrain != null) {
                sections.put("encoderFromJob", pretrain.toString());
                sections.put("encoder", spec.pretrain().encoder());
            }
            jobs.add(new NewJob(finetune, JobKind.FINETUNE, priority, restarts, payload(json, spec, sections),
                    pretrain == null ? List.of() : List.of(pretrain)));
            addEvaluation(jobs, spec, json, finetune);
            if ("scratch".equals(spec.baseline())) {
                UUID scratch = UUID.randomUUID();
                Map<String, Object> baseline = new LinkedHashMap<>();
                baseline.put("finetune", spec.finetune());
                baseline.put("encoder", spec.pretrain() == null ? "cnn-small" : spec.pretrain().encoder());
                jobs.add(new NewJob(scratch, JobKind.SCRATCH, priority, restarts, payload(json, spec, baseline),
                        List.of()));
                addEvaluation(jobs, spec, json, scratch);
            }
        }
        return jobs;
    }

    private static void addEvaluation(List<NewJob> jobs, ExperimentSpec spec, JsonMapper json, UUID modelJob) {
        if (spec.evaluate() == null) {
            return;
        }
        String encoder = spec.pretrain() == null ? "cnn-small" : spec.pretrain().encoder();
        jobs.add(new NewJob(UUID.randomUUID(), JobKind.EVALUATE, spec.priority(), spec.maxRestarts(),
                payload(json, spec, Map.of("evaluate", spec.evaluate(), "modelFromJob", modelJob.toString(),
                        "encoder", encoder)),
                List.of(modelJob)));
    }

    private static String payload(JsonMapper json, ExperimentSpec spec, Map<String, Object> sections) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("seed", spec.seed());
        payload.put("checkpoint", spec.checkpoint());
        payload.putAll(sections);
        return json.writeValueAsString(payload);
    }
}
