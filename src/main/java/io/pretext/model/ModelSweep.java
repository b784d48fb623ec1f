package io.pretext.model;

import io.pretext.core.PretextProperties;
import io.pretext.core.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net of registration, in every API process: experiments are registered as their last
 * job finishes ({@link RegistrationOnFinish}), and this sweep registers any finished experiment
 * that was not (its checkpoint could not be read then, or it finished before this code ran); the
 * database knows which. Idempotent: each experiment is decided on once, whatever the number of
 * processes. Not for concurrent calls within one process (the scheduler runs it on one thread).
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
