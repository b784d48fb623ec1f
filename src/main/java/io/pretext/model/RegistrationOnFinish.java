package io.pretext.model;

import java.io.IOException;

import io.pretext.job.JobFinished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Registers an experiment as a model in the transaction that finishes its last job, so that
 * whoever sees the experiment SUCCEEDED can already serve its model (and one that gives no model
 * has its reason recorded). Runs in whichever process finished the job (a worker, or the API for
 * a cancellation). The registry's writes are a savepoint: if registration fails (a checkpoint
 * unreadable for now, a database error in its writes), it is dropped alone, the job still
 * finishes, and {@link ModelSweep} registers the experiment later. Thread-safe.
 */
@Component
class RegistrationOnFinish {

    private static final Logger log = LoggerFactory.getLogger(RegistrationOnFinish.class);

    private final ModelStore store;
    private final ModelRegistrar registrar;

    RegistrationOnFinish(ModelStore store, ModelRegistrar registrar) {
        this.store = store;
        this.registrar = registrar;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void jobFinished(JobFinished event) {
        // Two last jobs finishing at once would each see the other still running and neither
        // register: the experiment's row lock orders them, and the second then sees the first's
        // committed state.
        store.lockExperiment(event.experimentId());
        store.undecided(event.experimentId()).ifPresent(experiment -> {
            try {
                registrar.registerInCurrentTransaction(experiment).ifPresent(version -> log.info(
                        "Registered experiment {} as model '{}' version {}", experiment.experimentId(),
                        experiment.name(), version));
            } catch (IOException | RuntimeException e) {
                log.warn("Could not register experiment {} as it finished; the sweep tries again: {}",
                        experiment.experimentId(), e.toString());
            }
        });
    }
}
