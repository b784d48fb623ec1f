package io.pretext.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the registry tables. Lookups take the tenant and filter by it. Callers own the
 * transactions. Thread-safe.
 */
@Repository
class ModelStore {

    /** A model row as listings show it. */
    record ModelRow(UUID id, String name, Instant createdAt, int latestVersion) {
    }

    private final JdbcClient jdbc;

    ModelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ModelRow> model(UUID tenantId, ModelReference ref) {
        return jdbc.sql("select m.id, m.name, m.created_at, (select max(version) from model_versions v "
                        + "where v.model_id = m.id) from models m where m.tenant_id = :tenant and "
                        + (ref.id() != null ? "m.id = :key" : "m.name = :key"))
                .param("tenant", tenantId).param("key", ref.id() != null ? ref.id() : ref.name())
                .query((rs, i) -> new ModelRow(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getInt(4)))
                .optional();
    }

    /** Locks the experiment's row until the caller's transaction ends. */
    void lockExperiment(UUID experimentId) {
        jdbc.sql("select id from experiments where id = :id for update").param("id", experimentId).query(UUID.class)
                .optional();
    }

    /** The newest experiment of the tenant with this name that still has queued or running jobs. */
    Optional<UUID> unfinishedExperimentNamed(UUID tenantId, String name) {
        return jdbc.sql("""
                select e.id from experiments e where e.tenant_id = :tenant and e.name = :name
                  and exists (select 1 from jobs j where j.experiment_id = e.id and j.state in ('QUEUED', 'RUNNING'))
                order by e.created_at desc limit 1""")
                .param("tenant", tenantId).param("name", name).query(UUID.class).optional();
    }

    Page<ModelRow> list(UUID tenantId, Pageable pageable) {
        long total = jdbc.sql("select count(*) from models where tenant_id = :tenant").param("tenant", tenantId)
                .query(Long.class).single();
        List<ModelRow> rows = jdbc.sql("""
                select m.id, m.name, m.created_at, (select max(version) from model_versions v where v.model_id = m.id)
                from models m where m.tenant_id = :tenant order by m.created_at desc, m.id limit :limit offset :offset
                """).param("tenant", tenantId).param("limit", pageable.getPageSize())
                .param("offset", pageable.getOffset())
                .query((rs, i) -> new ModelRow(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getInt(4)))
                .list();
        return new PageImpl<>(rows, pageable, total);
    }

    /** The version a reference selects: by number, by alias, else the latest. */
    Optional<VersionRow> version(UUID modelId, ModelReference ref) {
        String select = "select " + VersionRow.COLUMNS + " from model_versions v where v.model_id = :model ";
        var query = ref.version() != null
                ? jdbc.sql(select + "and v.version = :version").param("version", ref.version())
                : ref.alias() != null
                        ? jdbc.sql(select + "and v.version = (select a.version from model_aliases a "
                                + "where a.model_id = v.model_id and a.alias = :alias)").param("alias", ref.alias())
                        : jdbc.sql(select + "order by v.version desc limit 1");
        return query.param("model", modelId).query(VersionRow::map).optional();
    }

    List<VersionRow> versions(UUID modelId) {
        return jdbc.sql("select " + VersionRow.COLUMNS + " from model_versions v where v.model_id = :model "
                + "order by v.version").param("model", modelId).query(VersionRow::map).list();
    }

    Map<String, Integer> aliases(UUID modelId) {
        Map<String, Integer> aliases = new LinkedHashMap<>();
        jdbc.sql("select alias, version from model_aliases where model_id = :model order by alias")
                .param("model", modelId).query((rs, i) -> aliases.put(rs.getString(1), rs.getInt(2))).list();
        return aliases;
    }

    void setAlias(UUID modelId, String alias, int version, Instant now) {
        jdbc.sql("""
                insert into model_aliases (model_id, alias, version, updated_at) values (:model, :alias, :version, :now)
                on conflict (model_id, alias) do update set version = excluded.version, updated_at = excluded.updated_at
                """).param("model", modelId).param("alias", alias).param("version", version).param("now", at(now))
                .update();
    }

    /** An experiment whose jobs have all finished and that the registry has not decided on yet. */
    record Finished(UUID experimentId, UUID tenantId, String name) {
    }

    private static final String UNDECIDED = """
            select e.id, e.tenant_id, e.name from experiments e
            where not exists (select 1 from model_registrations r where r.experiment_id = e.id)
              and exists (select 1 from jobs j where j.experiment_id = e.id)
              and not exists (select 1 from jobs j where j.experiment_id = e.id and j.state in ('QUEUED', 'RUNNING'))
            """;

    List<Finished> undecided(int limit) {
        return jdbc.sql(UNDECIDED + " order by e.created_at, e.id limit :limit").param("limit", limit)
                .query(ModelStore::finished).list();
    }

    /** The experiment, when all its jobs are final and it was not decided on yet (as the current transaction sees it). */
    Optional<Finished> undecided(UUID experimentId) {
        return jdbc.sql(UNDECIDED + " and e.id = :id").param("id", experimentId).query(ModelStore::finished)
                .optional();
    }

    private static Finished finished(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Finished(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3));
    }

    /**
     * Records that the registry decided on an experiment. False when it already had (another
     * process got there first; the row lock makes the second wait for the first to commit).
     */
    boolean decide(UUID experimentId, String reason, Instant now) {
        return jdbc.sql("insert into model_registrations (experiment_id, reason, decided_at) values (:e, :reason, :now) "
                + "on conflict (experiment_id) do nothing").param("e", experimentId).param("reason", reason)
                .param("now", at(now)).update() == 1;
    }

    /** The tenant's model of this name, created if new, locked until the transaction ends. */
    UUID lockModel(UUID tenantId, String name, Instant now) {
        jdbc.sql("insert into models (id, tenant_id, name, created_at) values (:id, :tenant, :name, :now) "
                        + "on conflict (tenant_id, name) do nothing").param("id", UUID.randomUUID())
                .param("tenant", tenantId).param("name", name).param("now", at(now)).update();
        return jdbc.sql("select id from models where tenant_id = :tenant and name = :name for update")
                .param("tenant", tenantId).param("name", name).query(UUID.class).single();
    }

    /** Inserts the next version of a locked model and links the experiment's decision to it. */
    int addVersion(UUID tenantId, VersionRow row) {
        int version = insertVersion(tenantId, row);
        jdbc.sql("update model_registrations set version_id = :id where experiment_id = :experiment")
                .param("id", row.id()).param("experiment", row.experimentId()).update();
        return version;
    }

    /** The version of a model that holds a checkpoint of this experiment, if any. */
    Optional<Integer> versionFrom(UUID modelId, UUID experimentId) {
        return jdbc.sql("select version from model_versions where model_id = :model and experiment_id = :experiment")
                .param("model", modelId).param("experiment", experimentId).query(Integer.class).optional();
    }

    /** Inserts the next version of a locked model, touching no experiment's registry decision. */
    int insertVersion(UUID tenantId, VersionRow row) {
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from model_versions where model_id = :model")
                .param("model", row.modelId()).query(Integer.class).single();
        jdbc.sql("""
                insert into model_versions (id, model_id, tenant_id, version, experiment_id, job_id, job_kind, epoch,
                    checkpoint_prefix, card, metrics, provenance, created_at)
                values (:id, :model, :tenant, :version, :experiment, :job, :kind, :epoch, :prefix, :card, :metrics,
                    :provenance, :now)
                """).param("id", row.id()).param("model", row.modelId()).param("tenant", tenantId)
                .param("version", version).param("experiment", row.experimentId()).param("job", row.jobId())
                .param("kind", row.jobKind()).param("epoch", row.epoch()).param("prefix", row.prefix())
                .param("card", row.card()).param("metrics", row.metrics()).param("provenance", row.provenance())
                .param("now", at(row.createdAt())).update();
        return version;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
