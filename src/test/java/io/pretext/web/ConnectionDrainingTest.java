package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Keep-alive draining at shutdown: which answers close their connection, and how long the stop waits. */
class ConnectionDrainingTest {

    final ConnectionDraining draining = new ConnectionDraining();

    @Test
    void answers_keep_their_connection_until_the_stop_and_close_it_after() throws Exception {
        draining.start();
        MockHttpServletResponse before = serve();
        long started = System.nanoTime();
        draining.stop();
        long stopMillis = (System.nanoTime() - started) / 1_000_000;
        MockHttpServletResponse after = serve();

        assertThat(before.getHeader("Connection")).isNull();
        assertThat(after.getHeader("Connection")).isEqualTo("close");
        assertThat(stopMillis).as("a request had just started: the stop waits for the quiet period")
                .isBetween(ConnectionDraining.QUIET.toMillis() - 20, ConnectionDraining.LONGEST.toMillis());
        assertThat(draining.isRunning()).isFalse();
    }

    @Test
    void an_idle_server_stops_at_once() throws Exception {
        draining.start();
        long started = System.nanoTime();
        draining.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ConnectionDraining.QUIET);
    }

    @Test
    void requests_that_never_pause_are_drained_for_the_longest_period_at_most() throws Exception {
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        load.scheduleAtFixedRate(() -> {
            try {
                serve();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(50);
            long started = System.nanoTime();
            draining.stop();
            long stopMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(stopMillis).isBetween(ConnectionDraining.LONGEST.toMillis() - 20,
                    ConnectionDraining.LONGEST.toMillis() + 1500);
        } finally {
            load.shutdownNow();
        }
    }

    @Test
    void it_stops_before_the_web_servers_graceful_shutdown() {
        // Spring Boot's WebServerGracefulShutdownLifecycle stops in phase SmartLifecycle.DEFAULT_PHASE - 1024.
        assertThat(draining.getPhase()).isGreaterThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE - 1024);
    }

    private MockHttpServletResponse serve() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        draining.doFilter(new MockHttpServletRequest("GET", "/v1/datasets"), response, new MockFilterChain());
        return response;
    }
}
