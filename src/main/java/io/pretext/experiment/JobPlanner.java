package io.pretext.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.dataset.Modality;
import io.pretext.job.NewJob;
import io.pretext.training.JobKind;
import io.pretext.training.TrainingMethods;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a normalized spec into its DAG of jobs: pretrain, then finetune (from the pretrained
 * encoder), then evaluate; and alongside, the scratch baseline and its evaluation. Each job's
 * payload carries the spec sections it needs, the seed and the checkpoint policy. Stateless.
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
        List<NewJob> jobs = new ArrayList<>();
        int priority = spec.priority();
        int restarts = spec.maxRestarts();
        UUID pretrain = null;
        if (spec.pretrain() != null) {
            pretrain = UUID.randomUUID();
            Map<String, Object> sections = new LinkedHashMap<>();
            sections.put("pretrain", spec.pretrain());
            if (spec.finetune() != null) {
                // kNN monitor: labeled finetuning data as the bank, the first evaluation set as queries.
                Map<String, Object> knn = new LinkedHashMap<>();
                knn.put("bank", spec.finetune().dataset());
                if (spec.evaluate() != null) {
                    knn.put("queries", spec.evaluate().datasets().get(0));
                }
                sections.put("knn", knn);
            }
            jobs.add(new NewJob(pretrain, JobKind.PRETRAIN, priority, restarts, payload(json, spec, sections),
                    List.of()));
        }
        if (spec.finetune() != null) {
            UUID finetune = UUID.randomUUID();
            Map<String, Object> sections = new LinkedHashMap<>();
            sections.put("finetune", spec.finetune());
            if (pretrain != null) {
                sections.put("encoderFromJob", pretrain.toString());
            } else if (reused != null) {
                sections.put("encoderFromJob", reused.jobId().toString());
            }
            String encoder = encoder(spec, reused, modality);
            sections.put("encoder", encoder);
            jobs.add(new NewJob(finetune, JobKind.FINETUNE, priority, restarts, payload(json, spec, sections),
                    pretrain == null ? List.of() : List.of(pretrain)));
            addEvaluation(jobs, spec, json, finetune, encoder);
            if ("scratch".equals(spec.baseline())) {
                UUID scratch = UUID.randomUUID();
                Map<String, Object> baseline = new LinkedHashMap<>();
                baseline.put("finetune", spec.finetune());
                baseline.put("encoder", encoder);
                ExperimentSpec.Pretrain pretrained = spec.pretrain() != null ? spec.pretrain()
                        : reused != null ? reused.pretrain() : null;
                if (pretrained != null && pretrained.vocabSize() != null) {
                    // The text baseline: same encoder, tokenizer size and length as the pretrained one.
                    baseline.put("text", Map.of("vocabSize", pretrained.vocabSize(), "maxLength", pretrained.maxLength(),
                            "transformer", pretrained.transformer()));
                }
                jobs.add(new NewJob(scratch, JobKind.SCRATCH, priority, restarts, payload(json, spec, baseline),
                        List.of()));
                addEvaluation(jobs, spec, json, scratch, encoder);
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

    private static void addEvaluation(List<NewJob> jobs, ExperimentSpec spec, JsonMapper json, UUID modelJob,
            String encoder) {
        if (spec.evaluate() == null) {
            return;
        }
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
