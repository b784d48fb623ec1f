package io.pretext.experiment;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a new experiment's row with one plain insert: submission is the hot path of enqueueing, and
 * the entity manager's persist and flush cost more than the statement itself. Joins the caller's
 * transaction. Thread-safe.
 */
@Component
class ExperimentRows {

    private final JdbcClient jdbc;

    ExperimentRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the tenant used the idempotency key before */
    void insert(Experiment e) {
        jdbc.sql("""
                insert into experiments (id, tenant_id, name, spec, idempotency_key, request_sha256, created_at)
                values (:id, :tenant, :name, :spec, :key, :sha, :createdAt)
                """).param("id", e.getId()).param("tenant", e.getTenantId()).param("name", e.getName())
                .param("spec", e.getSpec()).param("key", e.getIdempotencyKey()).param("sha", e.getRequestSha256())
                .param("createdAt", OffsetDateTime.ofInstant(e.getCreatedAt(), ZoneOffset.UTC)).update();
    }
}
