package io.pretext.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.pretext.dataset.Modality;
import io.pretext.job.JobProgress;
import io.pretext.job.JobService;
import io.pretext.job.JobState;
import io.pretext.job.JobStates;
import io.pretext.job.JobView;
import io.pretext.security.CurrentTenant;
import io.pretext.web.ConflictException;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.NotFoundException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submits experiments (validate, fill defaults, store, enqueue the DAG, all in one transaction),
 * with {@code Idempotency-Key} replays; looks them up and cancels them for the current tenant.
 * Thread-safe.
 */
@Service
class ExperimentService {

    /** A submission's outcome: the experiment, and whether this request created it. */
    record Submitted(ExperimentView experiment, boolean created) {
    }

    private final ExperimentRepository experiments;
    private final SpecValidator validator;
    private final JobService jobs;
    private final CurrentTenant currentTenant;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final JobProgress progress;
    private final PretrainedEncoders pretrainedEncoders;
    private final ClipEncoderSources clipSources;
    private final EvaluationDatasetNames datasetNames;

    private final ExperimentRows rows;

    ExperimentService(EvaluationDatasetNames datasetNames, JobProgress progress, ExperimentRepository experiments, SpecValidator validator, JobService jobs,
            CurrentTenant currentTenant, JsonMapper json, TransactionTemplate transactions, Clock clock,
            PretrainedEncoders pretrainedEncoders, ClipEncoderSources clipSources, ExperimentRows rows) {
        this.rows = rows;
        this.pretrainedEncoders = pretrainedEncoders;
        this.clipSources = clipSources;
        this.datasetNames = datasetNames;
        this.experiments = experiments;
        this.validator = validator;
        this.jobs = jobs;
        this.currentTenant = currentTenant;
        this.json = json;
        this.transactions = transactions;
        this.clock = clock;
        this.progress = progress;
    }

    Submitted submit(ExperimentSpec spec, String idempotencyKey) {
        return submit(spec, idempotencyKey, false);
    }

    /**
     * @param pendingEncoder whether {@code finetune.encoderFrom} may name a pretraining that has not
     *     finished yet (its finetune then waits for it)
     */
    Submitted submit(ExperimentSpec spec, String idempotencyKey, boolean pendingEncoder) {
        UUID tenant = currentTenant.id();
        String requestHash = sha256(json.writeValueAsString(spec));
        if (idempotencyKey != null) {
            Optional<Submitted> replay = replay(tenant, idempotencyKey, requestHash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        PretrainedEncoders.PretrainedEncoder reused = spec.finetune() == null || spec.finetune().encoderFrom() == null
                ? null : pendingEncoder ? pretrainedEncoders.resolvePending(spec.finetune().encoderFrom())
                : pretrainedEncoders.resolve(spec.finetune().encoderFrom());
        Modality modality = validator.validate(spec, reused == null ? null : reused.pretrain());
        java.util.Map<String, UUID> towers = clipSources.resolve(spec.pretrain());
        ExperimentSpec normalized = SpecDefaults.apply(spec, reused == null ? null : reused.pretrain(), modality);
        UUID id = UUID.randomUUID();
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<JobView> queued;
        try {
            queued = transactions.execute(status -> {
                rows.insert(new Experiment(id, tenant, normalized.name(), json.writeValueAsString(normalized),
                        idempotencyKey, requestHash, createdAt));
                return jobs.enqueue(tenant, id, JobPlanner.plan(normalized, json, reused, modality, towers));
            });
        } catch (DataIntegrityViolationException raced) {
            return replay(tenant, idempotencyKey, requestHash).orElseThrow(() -> raced);
        }
        // The rows just written, as get(id) would read them: no second round trip for the answer.
        return new Submitted(view(id, tenant, normalized, queued, createdAt), true);
    }

    private Optional<Submitted> replay(UUID tenant, String key, String requestHash) {
        if (key == null) {
            return Optional.empty();
        }
        return experiments.findByTenantIdAndIdempotencyKey(tenant, key).map(existing -> {
            if (!requestHash.equals(existing.getRequestSha256())) {
                throw new InvalidRequestException(422, "Idempotency-Key", "Idempotency-Key " + key
                        + " was already used for a different request");
            }
            return new Submitted(view(existing), false);
        });
    }

    ExperimentView get(UUID id) {
        return get(currentTenant.id(), id);
    }

    ExperimentView get(UUID tenantId, UUID id) {
        return view(experiments.findByIdAndTenantId(id, tenantId)
                .orElseThrow(() -> new NotFoundException("Experiment", id)));
    }

    /**
     * @param name only experiments with exactly this name, or null for all
     * @param state only experiments whose jobs sum up to this state, or null for all
     */
    Page<ExperimentView> list(String name, JobState state, Pageable pageable) {
        UUID tenant = currentTenant.id();
        if (name != null && state == null) {
            return experiments.findByTenantIdAndName(tenant, name, pageable).map(this::view);
        }
        if (name != null) {
            // Few experiments share a name: filter the state in memory, then page.
            List<ExperimentView> named = experiments.findByTenantIdAndName(tenant, name, pageable.getSort()).stream()
                    .map(this::view).filter(e -> e.state() == state).toList();
            int from = (int) Math.min(pageable.getOffset(), named.size());
            return new PageImpl<>(
                    named.subList(from, Math.min(named.size(), from + pageable.getPageSize())), pageable, named.size());
        }
        if (state == null) {
            return experiments.findByTenantId(tenant, pageable).map(this::view);
        }
        return jobs.experimentsInState(tenant, state, pageable).map(this::get);
    }

    /**
     * @param name null for all, a metric name ({@code accuracy} also finds each {@code accuracy/<dataset>}),
     *     or a qualified one where the dataset may be named instead of its id ({@code accuracy/fmnist-test})
     */
    List<JobProgress.MetricPoint> metrics(UUID id, String name, UUID jobId) {
        ExperimentView experiment = get(id);
        List<UUID> jobIds = experiment.jobs().stream().map(JobView::id)
                .filter(j -> jobId == null || j.equals(jobId)).toList();
        if (jobId != null && jobIds.isEmpty()) {
            throw new NotFoundException("Job", jobId);
        }
        return progress.metrics(jobIds, datasetNames.qualify(currentTenant.id(), name, experiment.spec()));
    }

    /**
     * A way to read the experiment's state from any thread later (e.g. an event stream's poller,
     * which has no request and so no current tenant): the tenant is captured now.
     */
    java.util.function.Supplier<JobState> stateWatcher(UUID id) {
        UUID tenant = currentTenant.id();
        get(id);
        return () -> JobStates.summarize(jobs.forExperiment(tenant, id).stream().map(JobView::state).toList());
    }

    /** @throws ConflictException when the experiment already finished */
    ExperimentView cancel(UUID id) {
        ExperimentView experiment = get(id);
        if (experiment.state().isFinal()) {
            throw new ConflictException("Experiment " + id + " already finished (" + experiment.state()
                    + "); only experiments with QUEUED or RUNNING jobs can be cancelled");
        }
        return cancelUnfinished(id);
    }

    /** Cancels the unfinished jobs, if any (a finished experiment is left as it is). */
    ExperimentView cancelUnfinished(UUID id) {
        ExperimentView experiment = get(id);
        jobs.cancelExperiment(currentTenant.id(), experiment.id());
        return get(id);
    }

    private ExperimentView view(Experiment e) {
        return view(e.getId(), e.getTenantId(), json.readValue(e.getSpec(), ExperimentSpec.class),
                jobs.forExperiment(e.getTenantId(), e.getId()), e.getCreatedAt());
    }

    private ExperimentView view(UUID id, UUID tenant, ExperimentSpec spec, List<JobView> jobViews, Instant createdAt) {
        return new ExperimentView(id, spec.name(), JobStates.summarize(jobViews.stream().map(JobView::state).toList()),
                spec, jobViews, createdAt, comparison(spec, jobViews).stream()
                        .map(row -> row.named(datasetNames.nameOf(tenant, row.dataset()))).toList());
    }

    /** The baselines comparison from the final metrics (epoch 0) of the evaluation and pixels jobs. */
    private List<BaselineComparison> comparison(ExperimentSpec spec, List<JobView> jobViews) {
        if (spec.finetune() == null || spec.evaluate() == null) {
            return List.of();
        }
        List<UUID> scoring = jobViews.stream().filter(BaselineComparisons::reportsScores).map(JobView::id).toList();
        Map<UUID, Map<String, Double>> finalMetrics = new HashMap<>();
        if (!scoring.isEmpty()) {
            progress.metrics(scoring, null).stream().filter(p -> p.epoch() == 0).forEach(p -> finalMetrics
                    .computeIfAbsent(p.jobId(), k -> new HashMap<>()).put(p.name(), p.value()));
        }
        return BaselineComparisons.of(spec, jobViews, finalMetrics);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
