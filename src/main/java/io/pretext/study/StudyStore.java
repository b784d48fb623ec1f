package io.pretext.study;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Rows of {@code studies} and {@code study_experiments}, always filtered by tenant. Thread-safe. */
@Component
class StudyStore {

    /** A stored study: its normalized spec as JSON. */
    record StudyRow(UUID id, UUID tenantId, String name, String spec, String requestSha256, Instant createdAt) {
    }

    /** A linked experiment and the run it is. */
    record Link(UUID experimentId, StudyPlanner.Run run) {
    }

    private static final String COLUMNS = "id, tenant_id, name, spec, request_sha256, created_at";

    private final JdbcClient jdbc;

    StudyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StudyRow row, String idempotencyKey) {
        jdbc.sql("insert into studies (" + COLUMNS + ", idempotency_key) values "
                        + "(:id, :tenant, :name, :spec, :sha, :created, :key)")
                .param("id", row.id()).param("tenant", row.tenantId()).param("name", row.name())
                .param("spec", row.spec()).param("sha", row.requestSha256())
                .param("created", OffsetDateTime.ofInstant(row.createdAt(), ZoneOffset.UTC))
                .param("key", idempotencyKey).update();
    }

    void link(UUID studyId, int position, Link link) {
        StudyPlanner.Run run = link.run();
        jdbc.sql("""
                insert into study_experiments (study_id, experiment_id, position, budget_index, seed, arm, baselines,
                                               pretraining)
                values (:study, :experiment, :position, :budget, :seed, :arm, :baselines, :pretraining)""")
                .param("study", studyId).param("experiment", link.experimentId()).param("position", position)
                .param("budget", run.budgetIndex()).param("seed", run.seed()).param("arm", run.arm())
                .param("baselines", String.join(",", run.baselines())).param("pretraining", run.pretraining())
                .update();
    }

    Optional<StudyRow> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from studies where id = :id and tenant_id = :tenant")
                .param("id", id).param("tenant", tenantId).query(StudyStore::row).optional();
    }

    Optional<StudyRow> findByIdempotencyKey(UUID tenantId, String key) {
        return jdbc.sql("select " + COLUMNS + " from studies where tenant_id = :tenant and idempotency_key = :key")
                .param("tenant", tenantId).param("key", key).query(StudyStore::row).optional();
    }

    /** A page of the tenant's studies, newest first. */
    List<StudyRow> page(UUID tenantId, int limit, long offset) {
        return jdbc.sql("select " + COLUMNS + " from studies where tenant_id = :tenant "
                        + "order by created_at desc, id limit :limit offset :offset")
                .param("tenant", tenantId).param("limit", limit).param("offset", offset).query(StudyStore::row).list();
    }

    long count(UUID tenantId) {
        return jdbc.sql("select count(*) from studies where tenant_id = :tenant").param("tenant", tenantId)
                .query(Long.class).single();
    }

    /** Studies whose jobs have all finished and whose best models were not registered yet, oldest first. */
    List<StudyRow> unpublished(int limit) {
        return jdbc.sql("select " + COLUMNS + " from studies s where s.models_published_at is null "
                        + "and not exists (select 1 from study_experiments se join jobs j on j.experiment_id = "
                        + "se.experiment_id where se.study_id = s.id and j.state in ('QUEUED', 'RUNNING')) "
                        + "order by s.created_at, s.id limit :limit").param("limit", limit).query(StudyStore::row).list();
    }

    void markPublished(UUID studyId, Instant now) {
        jdbc.sql("update studies set models_published_at = :now where id = :id").param("id", studyId)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).update();
    }

    /** The study's experiments in submission order. */
    List<Link> links(UUID studyId) {
        return jdbc.sql("select experiment_id, budget_index, seed, arm, baselines, pretraining from study_experiments "
                        + "where study_id = :study order by position")
                .param("study", studyId).query((rs, i) -> new Link(rs.getObject(1, UUID.class),
                        new StudyPlanner.Run(rs.getInt(2), rs.getLong(3), rs.getString(4),
                                rs.getString(5).isEmpty() ? List.of() : Arrays.asList(rs.getString(5).split(",")),
                                rs.getBoolean(6)))).list();
    }

    private static StudyRow row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new StudyRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getTimestamp(6).toInstant());
    }
}
