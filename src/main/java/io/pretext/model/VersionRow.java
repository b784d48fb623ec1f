package io.pretext.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** A {@code model_versions} row with its JSON columns as text. Immutable. */
record VersionRow(UUID id, UUID modelId, int version, UUID experimentId, UUID jobId, String jobKind, int epoch,
        String prefix, String card, String metrics, String provenance, Instant createdAt) {

    static final String COLUMNS = "v.id, v.model_id, v.version, v.experiment_id, v.job_id, v.job_kind, v.epoch, "
            + "v.checkpoint_prefix, v.card, v.metrics, v.provenance, v.created_at";

    static VersionRow map(ResultSet rs, int row) throws SQLException {
        return new VersionRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6), rs.getInt(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getTimestamp(12).toInstant());
    }
}
