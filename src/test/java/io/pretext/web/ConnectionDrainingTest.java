package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Keep-alive draining at shutdown, without a web server (the real one is exercised by
 * {@code bench/inference.sh sigterm}): how long the stop waits for requests in progress.
 */
class ConnectionDrainingTest {

    final StaticApplicationContext context = new StaticApplicationContext();
    final ConnectionDraining draining = new ConnectionDraining(context);

    @org.junit.jupiter.api.BeforeEach
    void closing() {
        draining.onApplicationEvent(new org.springframework.context.event.ContextClosedEvent(context));
    }

    @Test
    void a_stop_without_the_context_closing_returns_at_once_even_with_a_request_in_progress() throws Exception {
        ConnectionDraining paused = new ConnectionDraining(context);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> request = CompletableFuture.runAsync(() -> {
            try {
                paused.doFilter(new MockHttpServletRequest("GET", "/v1/datasets"), new MockHttpServletResponse(),
                        new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
                            @Override
                            protected void service(jakarta.servlet.http.HttpServletRequest req,
                                    jakarta.servlet.http.HttpServletResponse res) {
                                await(release);
                            }
                        }));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            long started = System.nanoTime();
            paused.stop();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ConnectionDraining.QUIET);
        } finally {
            release.countDown();
            request.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void an_idle_server_stops_at_once() {
        draining.start();
        long started = System.nanoTime();
        draining.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ConnectionDraining.QUIET);
        assertThat(draining.isRunning()).isFalse();
    }

    @Test
    void the_stop_waits_for_a_request_in_progress_and_then_for_the_quiet_period() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> request = CompletableFuture.runAsync(() -> serve((req, res) -> {
            entered.countDown();
            await(release);
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stop = CompletableFuture.runAsync(draining::stop);
        Thread.sleep(ConnectionDraining.QUIET.toMillis() + 200);
        assertThat(stop).as("stopped while a request was in progress").isNotDone();
        long released = System.nanoTime();
        release.countDown();
        request.get(10, TimeUnit.SECONDS);
        stop.get(10, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - released)).isGreaterThanOrEqualTo(ConnectionDraining.QUIET);
    }

    @Test
    void a_request_that_never_ends_holds_the_stop_for_the_longest_period_only() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> request = CompletableFuture.runAsync(() -> serve((req, res) -> {
            entered.countDown();
            await(release);
        }));
        try {
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();
            draining.stop();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(ConnectionDraining.LONGEST)
                    .isLessThan(ConnectionDraining.LONGEST.plusSeconds(5));
        } finally {
            release.countDown();
            request.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void it_stops_before_the_web_servers_graceful_shutdown_phase() {
        assertThat(draining.getPhase()).isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
    }

    private void serve(jakarta.servlet.Servlet servlet) {
        try {
            draining.doFilter(new MockHttpServletRequest("POST", "/v1/models/m/classifications"),
                    new MockHttpServletResponse(), new MockFilterChain(servlet));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(Handler handler) {
        serve(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse res) {
                handler.handle(req, res);
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response);
    }
}
