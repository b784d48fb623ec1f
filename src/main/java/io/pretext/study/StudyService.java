package io.pretext.study;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.pretext.experiment.ExperimentView;
import io.pretext.experiment.Experiments;
import io.pretext.security.CurrentTenant;
import io.pretext.web.ConflictException;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.NotFoundException;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.pretext.web.ValidationException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submits studies (validate, then store the study and submit every experiment in one transaction,
 * so a refused experiment leaves nothing behind), answers dry runs (the same submission, rolled
 * back), with {@code Idempotency-Key} replays; looks studies up and cancels them for the current
 * tenant. Thread-safe.
 */
@Service
class StudyService {

    /** A submission's outcome: the study, and whether this request created it. */
    record Submitted(StudyView study, boolean created) {
    }

    /** A study with its linked experiments' current views, in submission order. */
    record Loaded(StudyStore.StudyRow row, StudySpec spec, List<StudyStore.Link> links, List<ExperimentView> views) {
    }

    private final StudyStore store;
    private final StudyValidator validator;
    private final Experiments experiments;
    private final StudyEstimates estimates;
    private final CurrentTenant currentTenant;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;

    StudyService(StudyStore store, StudyValidator validator, Experiments experiments, StudyEstimates estimates,
            CurrentTenant currentTenant, JsonMapper json, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.experiments = experiments;
        this.estimates = estimates;
        this.currentTenant = currentTenant;
        this.json = json;
        this.transactions = transactions;
        this.clock = clock;
    }

    Submitted submit(StudySpec request, String idempotencyKey) {
        UUID tenant = currentTenant.id();
        String requestHash = sha256(json.writeValueAsString(request));
        Optional<Submitted> replay = replay(tenant, idempotencyKey, requestHash);
        if (replay.isPresent()) {
            return replay.get();
        }
        StudySpec study = normalized(request);
        validator.validate(study);
        UUID id = UUID.randomUUID();
        try {
            transactions.executeWithoutResult(status -> {
                store.insert(new StudyStore.StudyRow(id, tenant, study.name(), json.writeValueAsString(study),
                        requestHash, clock.instant()), idempotencyKey);
                List<StudyStore.Link> links = expand(study);
                for (int i = 0; i < links.size(); i++) {
                    store.link(id, i, links.get(i));
                }
            });
        } catch (ValidationException refused) {
            throw StudyErrors.renamed(refused);
        } catch (DataIntegrityViolationException raced) {
            return replay(tenant, idempotencyKey, requestHash).orElseThrow(() -> raced);
        }
        return new Submitted(get(id), true);
    }

    /** Everything {@link #submit} checks and plans, then rolled back: nothing is stored or queued. */
    StudyPlan dryRun(StudySpec request) {
        StudySpec study = normalized(request);
        validator.validate(study);
        try {
            List<ExperimentView> planned = transactions.execute(status -> {
                status.setRollbackOnly();
                List<ExperimentView> views = new ArrayList<>();
                for (StudyStore.Link link : expand(study)) {
                    views.add(experiments.get(link.experimentId()));
                }
                return views;
            });
            int runs = study.budgets().size() * (int) study.arms().stream().distinct().count()
                    * study.seedValues().size();
            return estimates.plan(currentTenant.id(), runs, planned);
        } catch (ValidationException refused) {
            throw StudyErrors.renamed(refused);
        }
    }

    /** Submits the study's experiments: the one holding the pretraining first, the others naming it. */
    private List<StudyStore.Link> expand(StudySpec study) {
        List<StudyStore.Link> links = new ArrayList<>();
        String encoderFrom = study.encoderFrom();
        for (StudyPlanner.Run run : StudyPlanner.runs(study)) {
            ExperimentView submitted = experiments.submitAwaitingEncoder(StudyPlanner.spec(study, run, encoderFrom));
            if (run.pretraining()) {
                encoderFrom = submitted.id().toString();
            }
            links.add(new StudyStore.Link(submitted.id(), run));
        }
        return links;
    }

    private Optional<Submitted> replay(UUID tenant, String key, String requestHash) {
        if (key == null) {
            return Optional.empty();
        }
        return store.findByIdempotencyKey(tenant, key).map(existing -> {
            if (!requestHash.equals(existing.requestSha256())) {
                throw new InvalidRequestException(422, "Idempotency-Key", "Idempotency-Key " + key
                        + " was already used for a different request");
            }
            return new Submitted(StudyViews.view(load(existing)), false);
        });
    }

    StudyResults results(UUID id) {
        Loaded study = load(id);
        return StudyTables.results(study, StudyViews.view(study));
    }

    StudyView get(UUID id) {
        return StudyViews.view(load(id));
    }

    Loaded load(UUID id) {
        return load(store.find(currentTenant.id(), id).orElseThrow(() -> new NotFoundException("Study", id)));
    }

    /** A study whose row was found for its tenant already (no current tenant needed). */
    Loaded load(StudyStore.StudyRow row) {
        List<StudyStore.Link> links = store.links(row.id());
        return new Loaded(row, json.readValue(row.spec(), StudySpec.class), links,
                links.stream().map(l -> experiments.get(row.tenantId(), l.experimentId())).toList());
    }

    PageResponse<StudyView> list(int page, int size) {
        UUID tenant = currentTenant.id();
        var paging = Paging.of(page, size, Sort.unsorted());
        long total = store.count(tenant);
        List<StudyView> items = store.page(tenant, paging.getPageSize(), paging.getOffset()).stream()
                .map(row -> StudyViews.view(load(row))).toList();
        return new PageResponse<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /**
     * Cancels every unfinished job of every experiment of the study.
     *
     * @throws ConflictException when the study already finished
     */
    StudyView cancel(UUID id) {
        StudyView before = get(id);
        if (before.state().isFinal()) {
            throw new ConflictException("Study " + id + " already finished (" + before.state()
                    + "); only studies with QUEUED or RUNNING jobs can be cancelled");
        }
        Loaded study = load(id);
        study.links().forEach(link -> experiments.cancel(link.experimentId()));
        return get(id);
    }

    /** The request with its defaults filled in (three seeds, a trimmed name). */
    private static StudySpec normalized(StudySpec s) {
        // Evaluations report metrics under canonical (lower-case) dataset ids: the study names them so too.
        return new StudySpec(s.name().trim(), s.labeled().toLowerCase(Locale.ROOT),
                s.test().stream().map(id -> id.toLowerCase(Locale.ROOT)).toList(), s.budgets(), s.arms(),
                s.seeds() == null ? 3 : s.seeds(), s.pretrain(), s.encoderFrom(), s.finetune(), s.priority(),
                s.maxRestarts());
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
