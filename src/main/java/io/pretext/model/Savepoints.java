package io.pretext.model;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs database work as a JDBC savepoint of the current transaction: if it throws, only its
 * statements are rolled back (PostgreSQL then accepts further statements) and the transaction can
 * still commit. Plain JDBC on the transaction's connection because the JPA transaction manager
 * offers no savepoints ({@code PROPAGATION_NESTED}) with Hibernate; the work must therefore not
 * start Spring transactions of its own that could mark the outer one rollback-only (plain
 * {@code JdbcClient} statements are fine). Thread-safe.
 */
@Component
class Savepoints {

    private final DataSource dataSource;

    Savepoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @throws IllegalStateException when no transaction holds a connection of the data source
     */
    <T> T run(Supplier<T> work) {
        if (!(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder)) {
            throw new IllegalStateException("a savepoint needs a transaction");
        }
        Connection connection = holder.getConnection();
        Savepoint savepoint;
        try {
            savepoint = holder.createSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a savepoint", e);
        }
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release a savepoint", e);
        }
        return result;
    }
}
