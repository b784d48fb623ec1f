package io.pretext.model;

import io.pretext.core.PretextProperties;
import io.pretext.core.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Registers finished experiments as model versions, in every API process. A sweep rather than an
 * event: jobs finish in worker processes, which may run apart from the API and may die between
 * finishing a job and telling anyone; the database knows. Idempotent: each experiment is decided
 * on once, whatever the number of API processes. Not for concurrent calls within one process
 * (the scheduler runs it on one thread).
 */
@Component
class ModelSweep {

    private static final Logger log = LoggerFactory.getLogger(ModelSweep.class);
    private static final int BATCH = 50;

    private final ModelStore store;
    private final ModelRegistrar registrar;
    private final boolean enabled;

    ModelSweep(ModelStore store, ModelRegistrar registrar, PretextProperties pretext) {
        this.store = store;
        this.registrar = registrar;
        this.enabled = pretext.has(Role.API);
    }

    @Scheduled(fixedDelayString = "${pretext.models.sweep-interval:10s}", initialDelayString = "${pretext.models.sweep-interval:10s}")
    void sweep() {
        if (!enabled) {
            return;
        }
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            log.warn("Model registry sweep failed; trying again at the next one: {}", e.toString());
        }
    }

    /** Decides on up to one batch of finished experiments; returns how many versions it registered. */
    int sweepOnce() {
        int registered = 0;
        for (ModelStore.Finished experiment : store.undecided(BATCH)) {
            try {
                var version = registrar.register(experiment);
                if (version.isPresent()) {
                    registered++;
                    log.info("Registered experiment {} as model '{}' version {}", experiment.experimentId(),
                            experiment.name(), version.get());
                }
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("Could not register experiment {} yet: {}", experiment.experimentId(), e.toString());
            }
        }
        return registered;
    }
}
