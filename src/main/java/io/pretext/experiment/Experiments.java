package io.pretext.experiment;

import java.util.List;
import java.util.UUID;

import io.pretext.job.JobProgress;

/**
 * What other modules (studies) may do with the current tenant's experiments: submit a spec, read
 * one, cancel one, read its metric series. Each call acts for the tenant of the current request and
 * joins the caller's transaction when there is one, so a caller can submit many experiments all or
 * nothing. Thread-safe.
 */
public interface Experiments {

    /**
     * Validates, stores and queues an experiment as {@code POST /v1/experiments} does, except that
     * {@code finetune.encoderFrom} may name an experiment whose pretraining is still queued or
     * running: the finetune then waits for it (and is cancelled if it fails).
     *
     * @throws io.pretext.web.ValidationException 400/404/409 naming the spec's fields
     */
    ExperimentView submitAwaitingEncoder(ExperimentSpec spec);

    /** @throws io.pretext.web.NotFoundException when the tenant has no such experiment */
    ExperimentView get(UUID id);

    /**
     * As {@link #get(UUID)} for a tenant named explicitly, for work outside a request (a sweep) or
     * on rows already checked against the caller's tenant.
     *
     * @throws io.pretext.web.NotFoundException when that tenant has no such experiment
     */
    ExperimentView get(UUID tenantId, UUID id);

    /**
     * Cancels every unfinished job of the experiment (none for a finished one, which is no error);
     * answers its view afterwards.
     */
    ExperimentView cancel(UUID id);

    /**
     * @param name one metric (e.g. {@code knnAccuracy}), or null for all
     * @return the experiment's metric points, per job and epoch
     */
    List<JobProgress.MetricPoint> metrics(UUID id, String name);
}
