package io.pretext.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Drains keep-alive connections before the web server's graceful shutdown. Tomcat's graceful
 * shutdown waits for the requests it is processing, then closes every connection; a client that has
 * just sent its next request on a kept-alive connection loses it without an answer (measured: 32 of
 * 32 connections under load, {@code bench/inference.sh sigterm}), and cannot tell whether a POST was
 * processed. So this stops first: from then on every response says {@code Connection: close}, and
 * the stop waits until no request has started for {@link #QUIET} (at most {@link #LONGEST}), while
 * the server still serves. Clients then reconnect and are refused at connect time once the server
 * closes its socket, which says plainly that nothing was sent. Thread-safe.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConnectionDraining extends OncePerRequestFilter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConnectionDraining.class);

    /** How long no request may have started before the connections count as drained. */
    static final Duration QUIET = Duration.ofMillis(200);
    /** The longest the drain waits for that quiet, under a load that never pauses. */
    static final Duration LONGEST = Duration.ofSeconds(2);

    private final AtomicLong lastRequestNanos = new AtomicLong(System.nanoTime() - QUIET.toNanos());
    private volatile boolean draining;
    private volatile boolean running;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        lastRequestNanos.set(System.nanoTime());
        if (draining) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Answers from now on close their connections; returns once requests stopped arriving. */
    @Override
    public void stop() {
        draining = true;
        long started = System.nanoTime();
        long deadline = started + LONGEST.toNanos();
        try {
            for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
                long quietUntil = lastRequestNanos.get() + QUIET.toNanos();
                if (now >= quietUntil) {
                    break;
                }
                Thread.sleep(Math.max(1, Math.min(quietUntil, deadline) - now) / 1_000_000 + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Drained keep-alive connections in {} ms", (System.nanoTime() - started) / 1_000_000);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before every other phase, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
