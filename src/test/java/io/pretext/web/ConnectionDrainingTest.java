package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
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
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void closing() {
        draining.onApplicationEvent(new ContextClosedEvent(context));
    }

    @Test
    void a_stop_without_the_context_closing_returns_at_once_even_with_a_request_in_progress() throws Exception {
        ConnectionDraining paused = new ConnectionDraining(context);
        CompletableFuture<Void> request = requestInProgress(paused);
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
        CompletableFuture<Void> request = requestInProgress(draining);

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
        CompletableFuture<Void> request = requestInProgress(draining);
        try {
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

    /** A request through the filter that has entered the servlet and stays there until {@link #release}. */
    private CompletableFuture<Void> requestInProgress(ConnectionDraining filter) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        HttpServlet servlet = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<Void> request = CompletableFuture.runAsync(() -> {
            try {
                filter.doFilter(new MockHttpServletRequest("POST", "/v1/models/m/classifications"),
                        new MockHttpServletResponse(), new MockFilterChain(servlet));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the request reached the servlet").isTrue();
        return request;
    }
}
