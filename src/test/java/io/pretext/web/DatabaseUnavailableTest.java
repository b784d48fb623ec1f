package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures mean "the database is unreachable" (a 503), and the error page's answer to them. */
class DatabaseUnavailableTest {

    /** What JPA throws when Hikari's connection timeout passes with the database stopped. */
    static CannotCreateTransactionException transactionWithoutConnection() {
        var hikari = new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out");
        return new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
                new JDBCConnectionException("Unable to acquire JDBC Connection", hikari));
    }

    @Test
    void a_connection_that_could_not_be_had_is_the_database_being_unavailable() {
        assertThat(DatabaseUnavailable.causedBy(transactionWithoutConnection())).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new CannotGetJdbcConnectionException("no connection",
                new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLException("terminating connection due to "
                + "administrator command", "57P01")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new ServletException(transactionWithoutConnection()))).isTrue();
    }

    @Test
    void the_rollback_on_a_connection_hikari_dropped_after_a_connection_failure_is_the_database_being_unavailable()
            throws Exception {
        // What the first request after the database stopped got: its statement failed on a pooled
        // connection, Hikari replaced that connection with its closed stand-in, and the rollback failed on it.
        Field closed = Class.forName("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection")
                .getDeclaredField("CLOSED_CONNECTION");
        closed.setAccessible(true);
        SQLException rollback = catchThrowableOfType(SQLException.class, () -> ((Connection) closed.get(null)).rollback());

        assertThat(rollback.getMessage()).isEqualTo("Connection is closed");
        assertThat(DatabaseUnavailable.causedBy(new JpaSystemException(new RuntimeException(
                "Unable to rollback against JDBC Connection", rollback)))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("Connection is closed"))).as("the same words elsewhere")
                .isFalse();
    }

    @Test
    void other_failures_are_not() {
        assertThat(DatabaseUnavailable.causedBy(null)).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new CannotCreateTransactionException("nested transactions"))).isFalse();
    }

    @Test
    void a_cycle_of_causes_ends() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseUnavailable.causedBy(a)).isFalse();
    }

    @Test
    void the_error_page_answers_a_filter_that_could_not_reach_the_database_with_503_and_retry_after() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new ServletException(transactionWithoutConnection()));

        var response = new ProblemErrorController().error(request);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().getDetail()).contains("database is unavailable");
    }

    @Test
    void the_error_page_keeps_500_for_other_failures() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("bug"));

        assertThat(new ProblemErrorController().error(request).getStatusCode().value()).isEqualTo(500);
    }
}
