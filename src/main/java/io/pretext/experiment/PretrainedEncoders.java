package io.pretext.experiment;

import java.util.List;
import java.util.UUID;

import io.pretext.job.JobService;
import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.security.CurrentTenant;
import io.pretext.training.JobKind;
import io.pretext.web.FieldError;
import io.pretext.web.ValidationException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the encoder an earlier experiment pretrained, for a spec's {@code finetune.encoderFrom}:
 * the experiment must belong to the caller's tenant (else 404) and its pretraining must have
 * succeeded (else 409, naming its state). Thread-safe.
 */
@Component
class PretrainedEncoders {

    /**
     * A pretraining job and the spec section it trains by (encoder, text settings); {@code pending}
     * when it has not succeeded yet (only {@link #resolvePending} answers such), so the jobs that
     * read its encoder must wait for it.
     */
    record PretrainedEncoder(UUID jobId, ExperimentSpec.Pretrain pretrain, boolean pending) {

        String encoder() {
            return pretrain.encoder();
        }
    }

    private final ExperimentRepository experiments;
    private final JobService jobs;
    private final CurrentTenant tenant;
    private final JsonMapper json;

    PretrainedEncoders(ExperimentRepository experiments, JobService jobs, CurrentTenant tenant, JsonMapper json) {
        this.experiments = experiments;
        this.jobs = jobs;
        this.tenant = tenant;
        this.json = json;
    }

    PretrainedEncoder resolve(String experimentId) {
        return resolve(experimentId, false, "finetune.encoderFrom");
    }

    /** As {@link #resolve(String)}, errors naming {@code field} (e.g. {@code pretrain.imageEncoderFrom}). */
    PretrainedEncoder resolve(String experimentId, String field) {
        return resolve(experimentId, false, field);
    }

    /**
     * As {@link #resolve}, but a pretraining still queued or running is accepted too (a study queues
     * its finetunes beside the pretraining they wait for); one that failed or was cancelled is not.
     */
    PretrainedEncoder resolvePending(String experimentId) {
        return resolve(experimentId, true, "finetune.encoderFrom");
    }

    private PretrainedEncoder resolve(String experimentId, boolean allowPending, String field) {
        UUID tenantId = tenant.id();
        Experiment source = experiments.findByIdAndTenantId(UUID.fromString(experimentId), tenantId)
                .orElseThrow(() -> error(404, field, "experiment " + experimentId + " not found"));
        ExperimentSpec spec = json.readValue(source.getSpec(), ExperimentSpec.class);
        List<JobView> pretraining = jobs.forExperiment(tenantId, source.getId()).stream()
                .filter(j -> j.kind() == JobKind.PRETRAIN).toList();
        if (spec.pretrain() == null || pretraining.isEmpty()) {
            throw error(400, field, "experiment " + experimentId + " has no pretraining");
        }
        JobView job = pretraining.get(0);
        boolean pending = !job.state().isFinal();
        if (job.state() != JobState.SUCCEEDED && !(allowPending && pending)) {
            throw error(409, field, "the pretraining of experiment " + experimentId + " is " + job.state()
                    + "; it must have SUCCEEDED");
        }
        return new PretrainedEncoder(job.id(), spec.pretrain(), pending);
    }

    private static ValidationException error(int status, String field, String message) {
        return new ValidationException(status, "Invalid experiment spec: 1 problem(s)",
                List.of(new FieldError(field, message)));
    }
}
