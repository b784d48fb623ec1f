package io.pretext.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.pretext.PretextApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole application (API and worker, launching real child JVMs) on a random port, against
 * a given embedded database and data folder, with short heartbeat and poll intervals so that jobs
 * start and report quickly in tests. Settings given as command-line arguments, so they win over
 * application.properties as a user's do.
 */
public final class WorkerApp {

    private WorkerApp() {
    }

    /** @param extra more settings, or overrides of these */
    public static ConfigurableApplicationContext start(String databaseUrl, Path dataDir, String adminKey,
            Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.datasource.url", databaseUrl,
                "spring.datasource.username", TestDatabase.embedded().username(),
                "spring.datasource.password", "",
                "pretext.data-dir", dataDir.toString(),
                "server.port", "0",
                "pretext.security.bootstrap-key", adminKey,
                "pretext.worker.heartbeat-interval", "1s",
                "pretext.worker.poll-interval", "200ms",
                "pretext.worker.child-heap", "1g"));
        properties.putAll(extra);
        return new SpringApplicationBuilder(PretextApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** A client of the started application's port. */
    public static ApiClient client(ConfigurableApplicationContext app) {
        return new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
    }
}
