package io.pretext.study;

import java.util.List;

import io.pretext.core.PretextProperties;
import io.pretext.core.Role;
import io.pretext.model.ModelPublisher;
import io.pretext.storage.ArtifactNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Registers each finished study's best model per budget ({@link StudyChampions}) as a version of a
 * model named after the study, with an alias per budget, so it can be served at once as
 * {@code <study>@labels-<budget>}. A sweep, like the model registry's: jobs finish in worker
 * processes and the database knows. Runs in API processes; a study is done once (marked), and a
 * second process doing it too only moves the same aliases to the same versions. Not for concurrent
 * calls within one process (the scheduler runs it on one thread).
 */
@Component
class StudyModelSweep {

    private static final Logger log = LoggerFactory.getLogger(StudyModelSweep.class);
    private static final int BATCH = 20;

    private final StudyStore store;
    private final StudyService studies;
    private final ModelPublisher models;
    private final java.time.Clock clock;
    private final boolean enabled;

    StudyModelSweep(StudyStore store, StudyService studies, ModelPublisher models, java.time.Clock clock,
            PretextProperties pretext) {
        this.store = store;
        this.studies = studies;
        this.models = models;
        this.clock = clock;
        this.enabled = pretext.has(Role.API);
    }

    @Scheduled(fixedDelayString = "${pretext.studies.sweep-interval:10s}",
            initialDelayString = "${pretext.studies.sweep-interval:10s}")
    void sweep() {
        if (!enabled) {
            return;
        }
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            log.warn("Study model sweep failed; trying again at the next one: {}", e.toString());
        }
    }

    /** Publishes the models of up to one batch of finished studies; returns how many studies it finished. */
    int sweepOnce() {
        int done = 0;
        for (StudyStore.StudyRow row : store.unpublished(BATCH)) {
            try {
                StudyService.Loaded study = studies.load(row);
                StudyView view = StudyViews.view(study);
                if (!view.state().isFinal()) {
                    continue;
                }
                List<StudyChampions.Champion> champions = StudyChampions.of(study, StudyTables.results(study, view));
                for (StudyChampions.Champion c : champions) {
                    var version = models.publish(row.tenantId(), c.experimentId(), c.jobId(), row.name(), c.alias());
                    log.info("Study {}: {} seed {} is the best model at {}: {}", row.id(), c.arm(), c.seed(),
                            c.budget(), version.map(v -> row.name() + "@" + c.alias() + " (version " + v + ")")
                                    .orElse("no servable checkpoint"));
                }
                store.markPublished(row.id(), clock.instant());
                done++;
            } catch (ArtifactNotFoundException | IllegalArgumentException never) {
                // Retrying cannot help (a checkpoint gone, a budget with no valid alias): give up on
                // this study so it does not hold up the ones after it.
                log.error("Study {}: its models cannot be registered, giving up: {}", row.id(), never.toString());
                store.markPublished(row.id(), clock.instant());
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("Could not register the models of study {} yet: {}", row.id(), e.toString());
            }
        }
        return done;
    }
}
