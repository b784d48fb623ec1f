package io.pretext.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import io.pretext.job.JobQueue;
import io.pretext.job.JobService;
import io.pretext.job.NewJob;
import io.pretext.testing.IntegrationTest;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An experiment is decided on by the registry in the transaction that finishes its last job, not by
 * a later sweep: the decision is there the moment the job's final state is. (A registered version
 * from a really trained experiment: {@link ServedModel}, whose sweep is off.)
 */
@IntegrationTest
class RegistrationOnFinishIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobQueue queue;

    @Autowired
    JobService jobs;

    @Autowired
    Savepoints savepoints;

    @Autowired
    TransactionTemplate transactions;

    UUID tenant;
    UUID experiment;

    @BeforeEach
    void setUp() {
        tenant = UUID.randomUUID();
        experiment = UUID.randomUUID();
        jdbc.sql("insert into tenants (id, name, created_at) values (:id, :name, now())")
                .param("id", tenant).param("name", "r-" + tenant.toString().substring(0, 20)).update();
        jdbc.sql("insert into experiments (id, tenant_id, name, spec, created_at) values (:id, :t, :n, '{}', now())")
                .param("id", experiment).param("t", tenant).param("n", "r-" + experiment).update();
        // The queue is global: jobs of other tests must not be claimed here, so park them.
        jdbc.sql("update jobs set not_before = '9999-01-01' where state = 'QUEUED' and tenant_id <> :t")
                .param("t", tenant).update();
    }

    String decision() {
        return jdbc.sql("select reason from model_registrations where experiment_id = :e").param("e", experiment)
                .query(String.class).optional().orElse(null);
    }

    @Test
    void the_last_job_finishing_decides_the_experiment_in_its_own_transaction() {
        UUID pretrain = UUID.randomUUID();
        UUID evaluate = UUID.randomUUID();
        jobs.enqueue(tenant, experiment, List.of(new NewJob(pretrain, JobKind.PRETRAIN, 0, 0, "{}", List.of()),
                new NewJob(evaluate, JobKind.EVALUATE, 0, 0, "{}", List.of(pretrain))));

        assertThat(queue.claim("w").orElseThrow().id()).isEqualTo(pretrain);
        assertThat(queue.succeed(pretrain, "w")).isTrue();
        assertThat(decision()).as("one job is still queued: nothing to decide yet").isNull();

        assertThat(queue.claim("w").orElseThrow().id()).isEqualTo(evaluate);
        assertThat(queue.succeed(evaluate, "w")).isTrue();
        assertThat(decision()).as("decided as the last job finished (this pretraining wrote no checkpoint)")
                .isEqualTo("the pretraining job wrote no checkpoint");
    }

    @Test
    void a_failing_savepoint_is_rolled_back_alone_and_its_transaction_still_commits() {
        UUID other = UUID.randomUUID();
        jdbc.sql("insert into experiments (id, tenant_id, name, spec, created_at) values (:id, :t, :n, '{}', now())")
                .param("id", other).param("t", tenant).param("n", "r-" + other).update();

        transactions.executeWithoutResult(s -> {
            assertThatThrownBy(() -> savepoints.run(() -> {
                jdbc.sql("insert into model_registrations (experiment_id, reason, decided_at) values (:e, 'x', now())")
                        .param("e", experiment).update();
                // A statement error: PostgreSQL refuses everything after it until the savepoint is rolled back.
                return jdbc.sql("select 1 / 0").query(Integer.class).single();
            })).isInstanceOf(RuntimeException.class);
            jdbc.sql("insert into model_registrations (experiment_id, reason, decided_at) values (:e, 'y', now())")
                    .param("e", other).update();
        });

        assertThat(decision()).as("the savepoint's insert is gone").isNull();
        assertThat(jdbc.sql("select reason from model_registrations where experiment_id = :e").param("e", other)
                .query(String.class).single()).isEqualTo("y");
    }

    @Test
    void cancelling_the_last_queued_job_decides_the_experiment_too() {
        UUID pretrain = UUID.randomUUID();
        jobs.enqueue(tenant, experiment, List.of(new NewJob(pretrain, JobKind.PRETRAIN, 0, 0, "{}", List.of())));

        jobs.cancel(tenant, pretrain);

        assertThat(decision()).isEqualTo("neither a finetune nor a pretraining succeeded");
    }
}
