package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What a caller reads when a route cannot reach the database: a repeatable 503, never a 500. */
@WebMvcTest(DatabaseOutageResponsesTest.RowsController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(DatabaseOutageResponsesTest.RowsController.class)
class DatabaseOutageResponsesTest {

    @RestController
    static class RowsController {
        @GetMapping("/test/rows")
        String rows() {
            throw DatabaseUnavailableTest.transactionWithoutConnection();
        }

        @GetMapping("/test/bug")
        String bug() {
            throw new IllegalStateException("a bug");
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void a_route_whose_database_is_gone_answers_503_problem_with_retry_after() {
        var result = mvc.get().uri("/test/rows").exchange();

        assertThat(result).hasStatus(503).hasContentType("application/problem+json");
        assertThat(result).hasHeader("Retry-After", "5");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("database is unavailable");
    }

    @Test
    void any_other_failure_stays_a_500_with_a_reference() {
        var result = mvc.get().uri("/test/bug").exchange();

        assertThat(result).hasStatus(500).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("quote reference");
    }
}
