package io.pretext.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.security.CurrentTenant;
import io.pretext.training.ModelCardJson;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.NotFoundException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calling tenant's models: resolve a reference ({@code id}, {@code name}, either with
 * {@code @alias} or {@code @version}) to a version, list, inspect, move aliases. Another tenant's
 * model is "not found". Thread-safe.
 */
@Service
public class ModelRegistry {

    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() { };

    private final ModelStore store;
    private final CurrentTenant currentTenant;
    private final JsonMapper json;
    private final java.time.Clock clock;

    ModelRegistry(ModelStore store, CurrentTenant currentTenant, JsonMapper json, java.time.Clock clock) {
        this.store = store;
        this.currentTenant = currentTenant;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The version {@code reference} selects for the current tenant.
     *
     * @throws NotFoundException when there is no such model or version
     * @throws InvalidRequestException when the reference is malformed
     */
    @Transactional(readOnly = true)
    public ModelVersion resolve(String reference) {
        ModelReference ref = ModelReference.parse(reference);
        ModelStore.ModelRow model = model(ref, reference);
        VersionRow row = store.version(model.id(), ref).orElseThrow(() -> new NotFoundException("Model version",
                reference));
        return new ModelVersion(row.id(), model.id(), model.name(), row.version(), row.prefix(),
                CheckpointKind.valueOf(row.jobKind()), ModelCardJson.read(json.readTree(row.card())),
                currentTenant.id());
    }

    @Transactional(readOnly = true)
    Page<ModelViews.Summary> list(Pageable pageable) {
        return store.list(currentTenant.id(), pageable).map(m -> new ModelViews.Summary(m.id(), m.name(),
                m.latestVersion(), store.aliases(m.id()), m.createdAt()));
    }

    @Transactional(readOnly = true)
    ModelViews.Detail get(String reference) {
        ModelStore.ModelRow model = model(ModelReference.parse(reference), reference);
        List<ModelViews.Version> versions = store.versions(model.id()).stream().map(this::view).toList();
        return new ModelViews.Detail(model.id(), model.name(), model.latestVersion(), store.aliases(model.id()),
                versions, model.createdAt());
    }

    /**
     * Points {@code alias} at {@code version}, creating or moving it.
     *
     * @throws InvalidRequestException for a bad alias name or a missing version number
     * @throws NotFoundException when the model or version does not exist
     */
    @Transactional
    ModelViews.Detail setAlias(String reference, String alias, Integer version) {
        if (alias == null || !ModelReference.ALIAS.matcher(alias).matches() || alias.equals(ModelReference.LATEST)) {
            throw new InvalidRequestException("alias", "an alias is a lower-case letter, then up to 63 letters, "
                    + "digits, '-' or '_', and not 'latest'");
        }
        if (version == null) {
            throw new InvalidRequestException("version", "version is required");
        }
        ModelStore.ModelRow model = model(ModelReference.parse(reference), reference);
        store.version(model.id(), new ModelReference(model.id(), null, null, version))
                .orElseThrow(() -> new InvalidRequestException(404, "version", "Model " + model.name()
                        + " has no version " + version));
        store.setAlias(model.id(), alias, version, clock.instant());
        return get(model.id().toString());
    }

    private ModelStore.ModelRow model(ModelReference ref, String reference) {
        UUID tenant = currentTenant.id();
        return store.model(tenant, ref).orElseThrow(() -> new NotFoundException("Model", reference, hint(tenant, ref)));
    }

    /** Where the model may be: a running experiment of that name, or the list of models. */
    private String hint(UUID tenant, ModelReference ref) {
        String list = "GET /v1/models lists your models";
        if (ref.name() == null) {
            return list;
        }
        return store.unfinishedExperimentNamed(tenant, ref.name())
                .map(experiment -> "experiment " + experiment + " named " + ref.name() + " is still running: its "
                        + "model is registered under that name when it succeeds; " + list)
                .orElse(list + "; an experiment's model is registered under the experiment's name when it succeeds");
    }

    private ModelViews.Version view(VersionRow row) {
        return new ModelViews.Version(row.version(), row.experimentId(), row.jobId(), row.jobKind(), row.epoch(),
                row.prefix(), ModelCardJson.read(json.readTree(row.card())), json.readValue(row.metrics(), METRICS),
                json.readTree(row.provenance()), row.createdAt());
    }
}
