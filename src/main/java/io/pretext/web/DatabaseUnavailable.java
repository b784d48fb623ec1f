package io.pretext.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Recognises a request that failed because the database could not be reached (stopped, restarting,
 * the pool's connection timeout passed) and answers it with a 503 problem and {@code Retry-After}:
 * the request was fine and may simply be repeated, so it is no 500. Public so that routes with an error
 * format of their own (the Open Inference Protocol's) answer the same. Stateless and thread-safe.
 */
public final class DatabaseUnavailable {

    /** Seconds a client should wait before repeating the request. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final String HIKARI_CLOSED_CONNECTION = "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection";

    private DatabaseUnavailable() {
    }

    /**
     * True when {@code failure} or one of its causes says the database is unreachable: Spring's
     * {@link DataAccessResourceFailureException} (a connection that could not be had), JDBC's
     * connection exceptions (HikariCP's connection timeout is a {@link SQLTransientConnectionException}),
     * or a SQLSTATE of class 08 (connection exception) or 57P01-57P03 (the server shutting down or
     * starting), or HikariCP's closed stand-in for a connection it dropped after such a failure. Spring's
     * CannotCreateTransactionException is matched through its cause.
     *
     * @param failure may be null
     */
    public static boolean causedBy(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && unreachableState(sql.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException && fromHikarisClosedConnection(t)) {
                return true;
            }
        }
        return false;
    }

    /** The 503 answer, with {@code Retry-After} in seconds. */
    static ResponseEntity<ProblemDetail> response() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                        "The database is unavailable; retry after " + RETRY_AFTER.toSeconds() + " s"));
    }

    /**
     * HikariCP swaps a connection that failed with a connection-level SQLSTATE for a closed stand-in,
     * whose every call throws "Connection is closed" without a state. The rollback after the failed
     * statement then hits the stand-in, and its exception is what reaches us (the statement's own,
     * which named the cause, is only logged by the transaction manager).
     */
    private static boolean fromHikarisClosedConnection(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith(HIKARI_CLOSED_CONNECTION);
    }

    private static boolean unreachableState(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }
}
