package io.pretext.model;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.pretext.job.JobProgress;
import io.pretext.job.JobService;
import io.pretext.job.JobView;
import io.pretext.storage.ArtifactNotFoundException;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.JobKind;
import io.pretext.training.ModelCard;
import io.pretext.training.ModelCardJson;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one finished experiment into a model version (or records why not), exactly once: the
 * decision row is inserted in the same transaction as the version, and a second registrar finds
 * it there. Its writes run in a transaction of their own ({@link #register}) or in a savepoint of
 * the caller's ({@link #registerInCurrentTransaction}). Thread-safe.
 */
@Component
class ModelRegistrar {

    private final ModelStore store;
    private final JobService jobs;
    private final JobProgress progress;
    private final ArtifactStore artifacts;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final Savepoints savepoints;
    private final Clock clock;

    /** How the registrar's writes run: all of them together, or none. */
    @FunctionalInterface
    private interface Writes {
        Integer run(Supplier<Integer> work);
    }

    ModelRegistrar(ModelStore store, JobService jobs, JobProgress progress, ArtifactStore artifacts, JsonMapper json,
            TransactionTemplate transactions, Savepoints savepoints, Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.progress = progress;
        this.artifacts = artifacts;
        this.json = json;
        this.transactions = transactions;
        this.savepoints = savepoints;
        this.clock = clock;
    }

    /**
     * @return the version number registered, or empty when the experiment gives no model or was
     *     decided on already
     * @throws IOException when the checkpoint cannot be read now (the next sweep tries again)
     */
    Optional<Integer> register(ModelStore.Finished experiment) throws IOException {
        return register(experiment, work -> transactions.execute(s -> work.get()));
    }

    /**
     * As {@link #register}, inside the caller's transaction (seeing its uncommitted job states), its
     * writes in a savepoint: if they fail they are rolled back alone and the caller's transaction
     * can still commit.
     *
     * @throws IllegalStateException when there is no transaction
     */
    Optional<Integer> registerInCurrentTransaction(ModelStore.Finished experiment) throws IOException {
        return register(experiment, savepoints::run);
    }

    private Optional<Integer> register(ModelStore.Finished experiment, Writes writes) throws IOException {
        List<JobView> all = jobs.forExperiment(experiment.tenantId(), experiment.experimentId());
        if (all.isEmpty() || all.stream().anyMatch(j -> !j.state().isFinal())) {
            return Optional.empty();
        }
        ModelSelection.Decision decision = ModelSelection.decide(all, this::candidate);
        Instant now = clock.instant();
        if (decision.chosen() == null) {
            decide(writes, experiment, decision.reason(), now);
            return Optional.empty();
        }
        ModelSelection.Candidate chosen = decision.chosen();
        JsonNode meta;
        try (InputStream in = artifacts.get(chosen.prefix() + ArtifactLayout.META)) {
            meta = json.readTree(in);
        } catch (ArtifactNotFoundException e) {
            decide(writes, experiment, "checkpoint " + chosen.prefix() + " is gone", now);
            return Optional.empty();
        }
        if (!meta.hasNonNull(ModelCardJson.META_FIELD)) {
            decide(writes, experiment, "checkpoint " + chosen.prefix() + " has no model card", now);
            return Optional.empty();
        }
        ModelCard card = ModelCardJson.ofMeta(meta);
        String metrics = json.writeValueAsString(metrics(chosen, all));
        String provenance = json.writeValueAsString(provenance(meta, decision));
        String cardJson = json.writeValueAsString(ModelCardJson.write(card));
        return Optional.ofNullable(writes.run(() -> {
            if (!store.decide(experiment.experimentId(), decision.reason(), now)) {
                return null;
            }
            UUID model = store.lockModel(experiment.tenantId(), experiment.name(), now);
            return store.addVersion(experiment.tenantId(), new VersionRow(UUID.randomUUID(), model, 0,
                    experiment.experimentId(), chosen.jobId(), chosen.kind().name(), chosen.epoch(), chosen.prefix(),
                    cardJson, metrics, provenance, now));
        }));
    }

    private void decide(Writes writes, ModelStore.Finished experiment, String reason, Instant now) {
        writes.run(() -> {
            store.decide(experiment.experimentId(), reason, now);
            return null;
        });
    }

    /**
     * Registers the best checkpoint of one job as a version of {@code modelName} (created if new)
     * and points {@code alias} at it; a second call for the same model and experiment only moves
     * the alias. Empty when the job wrote no checkpoint with a model card.
     */
    Optional<Integer> publish(UUID tenantId, UUID experimentId, UUID jobId, String modelName, String alias)
            throws IOException {
        List<JobView> all = jobs.forExperiment(tenantId, experimentId);
        JobView job = all.stream().filter(j -> j.id().equals(jobId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + jobId + " is not of experiment " + experimentId));
        Optional<ModelSelection.Candidate> best = candidate(job);
        if (best.isEmpty()) {
            return Optional.empty();
        }
        ModelSelection.Candidate chosen = best.get();
        JsonNode meta;
        try (InputStream in = artifacts.get(chosen.prefix() + ArtifactLayout.META)) {
            meta = json.readTree(in);
        }
        if (!meta.hasNonNull(ModelCardJson.META_FIELD)) {
            return Optional.empty();
        }
        String card = json.writeValueAsString(ModelCardJson.write(ModelCardJson.ofMeta(meta)));
        String metrics = json.writeValueAsString(metrics(chosen, all));
        String provenance = json.writeValueAsString(provenance(meta, new ModelSelection.Decision(chosen,
                "published as " + modelName + "@" + alias, List.of(chosen))));
        Instant now = clock.instant();
        return Optional.ofNullable(transactions.execute(s -> {
            UUID model = store.lockModel(tenantId, modelName, now);
            int version = store.versionFrom(model, experimentId).orElseGet(() -> store.insertVersion(tenantId,
                    new VersionRow(UUID.randomUUID(), model, 0, experimentId, chosen.jobId(), chosen.kind().name(),
                            chosen.epoch(), chosen.prefix(), card, metrics, provenance, now)));
            store.setAlias(model, alias, version, now);
            return version;
        }));
    }

    private Optional<ModelSelection.Candidate> candidate(JobView job) {
        return progress.best(job.id()).map(checkpoint -> new ModelSelection.Candidate(job.id(), job.kind(),
                checkpoint.epoch(), checkpoint.prefix(), progress.metrics(List.of(job.id()), "validationAccuracy")
                        .stream().filter(p -> p.epoch() == checkpoint.epoch()).map(JobProgress.MetricPoint::value)
                        .findFirst().orElse(null)));
    }

    /** The chosen checkpoint's epoch metrics, and the evaluations of the chosen job. */
    private Map<String, Double> metrics(ModelSelection.Candidate chosen, List<JobView> all) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        progress.metrics(List.of(chosen.jobId()), null).stream().filter(p -> p.epoch() == chosen.epoch())
                .forEach(p -> metrics.put(p.name(), p.value()));
        List<UUID> evaluations = all.stream()
                .filter(j -> j.kind() == JobKind.EVALUATE && j.dependsOn().contains(chosen.jobId()))
                .map(JobView::id).toList();
        progress.metrics(evaluations, null).forEach(p -> metrics.put(p.name(), p.value()));
        return metrics;
    }

    /** meta.json without the card and metrics (shown on their own), plus how the checkpoint was chosen. */
    private JsonNode provenance(JsonNode meta, ModelSelection.Decision decision) {
        ObjectNode provenance = (ObjectNode) meta.deepCopy();
        provenance.remove(ModelCardJson.META_FIELD);
        provenance.remove("metrics");
        ObjectNode selection = provenance.putObject("selection");
        selection.put("reason", decision.reason());
        var candidates = selection.putArray("candidates");
        for (ModelSelection.Candidate c : decision.considered()) {
            ObjectNode node = candidates.addObject();
            node.put("jobId", c.jobId().toString());
            node.put("kind", c.kind().name());
            node.put("epoch", c.epoch());
            if (c.validationAccuracy() != null) {
                node.put("validationAccuracy", c.validationAccuracy());
            }
        }
        return provenance;
    }
}
