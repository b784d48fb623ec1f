package io.pretext.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Drains keep-alive connections before the web server's graceful shutdown. That shutdown pauses
 * Tomcat, which then closes each connection without reading the next request on it, and waits only
 * for the requests already being processed: a client that has just sent its next request on a
 * kept-alive connection loses it without an answer (measured: 32 of 32 connections under load,
 * {@code bench/inference.sh sigterm}) and cannot tell whether a POST was processed. So this stops
 * first: it closes the listening socket the graceful way (no new connections; Tomcat answers the
 * requests of open connections and closes each after its next answer, chunked bodies intact), then
 * waits until no request is in progress and none has started or ended for {@link #QUIET}, at most
 * {@link #LONGEST}. Readiness already reports DOWN then (Spring Boot sets it as the context closes).
 * A connection that stays idle through the drain is still closed unread at the end, and connections
 * the kernel had queued but Tomcat not yet accepted are reset when the socket closes. Thread-safe.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConnectionDraining extends OncePerRequestFilter implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

    /** How long no request may have started or ended before the connections count as drained. */
    static final Duration QUIET = Duration.ofMillis(200);
    /** The longest the drain waits, under requests that never pause. */
    static final Duration LONGEST = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ConnectionDraining.class);

    private final ApplicationContext context;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicLong lastActivityNanos = new AtomicLong(System.nanoTime() - QUIET.toNanos());
    private volatile boolean running;
    private volatile boolean closing;

    ConnectionDraining(ApplicationContext context) {
        this.context = context;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        inProgress.incrementAndGet();
        lastActivityNanos.set(System.nanoTime());
        try {
            chain.doFilter(request, response);
        } finally {
            lastActivityNanos.set(System.nanoTime());
            inProgress.decrementAndGet();
        }
    }

    /** The context is closing for good (not merely stopped, as the test framework pauses cached contexts). */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops accepting connections, then returns once the open ones went quiet (at most {@link #LONGEST}). */
    @Override
    public void stop() {
        if (!closing) {
            // A stop that a start may follow: the listening socket must stay open.
            running = false;
            return;
        }
        long started = System.nanoTime();
        int connectors = stopAccepting();
        long deadline = started + LONGEST.toNanos();
        try {
            for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
                long quietUntil = lastActivityNanos.get() + QUIET.toNanos();
                if (inProgress.get() == 0 && now >= quietUntil) {
                    break;
                }
                long wakeAt = Math.min(Math.max(quietUntil, now + 10_000_000L), deadline);
                Thread.sleep(Math.max(1, (wakeAt - now) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Drained the keep-alive connections of {} connector(s) in {} ms ({} request(s) still in progress)",
                connectors, (System.nanoTime() - started) / 1_000_000, inProgress.get());
        running = false;
    }

    /** Closes Tomcat's listening sockets, leaving the open connections served; how many there were. */
    private int stopAccepting() {
        if (context instanceof WebServerApplicationContext web && web.getWebServer() instanceof TomcatWebServer tomcat) {
            Connector[] connectors = tomcat.getTomcat().getService().findConnectors();
            for (Connector connector : connectors) {
                if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                    // Tomcat then ends each connection after its next answer ("Connection: close"),
                    // still chunking bodies of unknown length, unlike a header set by the application.
                    http.setMaxKeepAliveRequests(1);
                }
                connector.getProtocolHandler().closeServerSocketGraceful();
            }
            return connectors.length;
        }
        return 0;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the web server's graceful shutdown phase, so this stops (and finishes) before it. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
    }
}
