package io.pretext.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pretext.PretextApplication;
import io.pretext.testing.ApiClient;
import io.pretext.testing.S3ProxyServer;
import io.pretext.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The run command's behaviour, as a newcomer meets it: the real application on the embedded
 * defaults (no datasource configured), started, stopped and started again on one data directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultsTest {

    private static final Pattern PRINTED_KEY = Pattern.compile("admin API key (ptx_[A-Za-z0-9_-]+)");

    @TempDir
    Path dataDir;

    @Test
    void tenants_and_keys_survive_a_restart_on_the_same_data_directory(CapturedOutput output) {
        String adminKey;
        String tenantKey;
        try (ConfigurableApplicationContext first = start(Map.of())) {
            Matcher printed = PRINTED_KEY.matcher(output.getOut());
            assertThat(printed.find()).as("the generated admin key is printed once").isTrue();
            adminKey = printed.group(1);
            ApiClient api = client(first);
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
            String tenantId = api.post("/v1/admin/tenants", adminKey, "{\"name\":\"survivor\"}").json().get("id").asString();
            tenantKey = api.post("/v1/admin/tenants/" + tenantId + "/keys", adminKey,
                    "{\"name\":\"k\",\"scopes\":[\"read\"]}").json().get("key").asString();
        }
        assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
        assertThat(Files.isDirectory(dataDir.resolve("artifacts"))).isTrue();

        try (ConfigurableApplicationContext second = start(Map.of())) {
            ApiClient api = client(second);
            assertThat(api.get("/v1/me", tenantKey).json().get("tenantName").asString()).isEqualTo("survivor");
            assertThat(api.get("/v1/me", adminKey).status()).isEqualTo(200);
            assertThat(PRINTED_KEY.matcher(output.getOut()).results().count())
                    .as("no second admin key on restart").isEqualTo(1);
        }
    }

    @Test
    void a_second_instance_on_the_same_data_directory_fails_with_a_clear_message() {
        try (ConfigurableApplicationContext first = start(Map.of())) {
            assertThatThrownBy(() -> start(Map.of()))
                    .hasRootCauseInstanceOf(DataDirectoryInUseException.class)
                    .rootCause().hasMessageContaining("Another Pretext instance is already using the data directory");
            assertThat(client(first).get("/actuator/health/readiness", null).status()).isEqualTo(200);
        }
    }

    @Test
    void the_bootstrap_key_setting_becomes_the_admin_key(CapturedOutput output) {
        String key = "ptx_bootstrap-from-env-0123456789";
        try (ConfigurableApplicationContext app = start(Map.of("pretext.security.bootstrap-key", key))) {
            assertThat(client(app).get("/v1/me", key).json().get("tenantName").asString()).isEqualTo("admin");
            assertThat(output.getOut()).doesNotContain(key).doesNotContainPattern(PRINTED_KEY.pattern());
        }
    }

    @Test
    void with_a_datasource_url_and_s3_settings_external_services_are_used() {
        var db = TestDatabase.embedded();
        S3ProxyServer s3 = S3ProxyServer.shared();
        Map<String, Object> external = Map.ofEntries(
                Map.entry("spring.datasource.url", TestDatabase.newEmbeddedDatabase()),
                Map.entry("spring.datasource.username", db.username()),
                Map.entry("spring.datasource.password", ""),
                Map.entry("pretext.storage.type", "s3"),
                Map.entry("pretext.storage.s3.endpoint", s3.endpoint().toString()),
                Map.entry("pretext.storage.s3.bucket", "pretext-app"),
                Map.entry("pretext.storage.s3.access-key", S3ProxyServer.ACCESS_KEY),
                Map.entry("pretext.storage.s3.secret-key", S3ProxyServer.SECRET_KEY),
                Map.entry("pretext.storage.s3.path-style", "true"),
                Map.entry("pretext.storage.s3.create-bucket", "true"));
        try (ConfigurableApplicationContext app = start(external)) {
            var readiness = client(app).get("/actuator/health/readiness", null);

            assertThat(app.getBeanNamesForType(EmbeddedPostgresServer.class)).isEmpty();
            assertThat(readiness.json().at("/components/artifactStore/status").asString()).isEqualTo("UP");
            assertThat(readiness.json().at("/components/db/status").asString()).isEqualTo("UP");
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        }
    }

    private ConfigurableApplicationContext start(Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "pretext.data-dir", dataDir.toString(),
                "server.port", "0",
                "pretext.security.bootstrap-key", ""));
        properties.putAll(extra);
        // As command-line arguments: they win over application.properties, as a user's settings do.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(PretextApplication.class).run(args);
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        return new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
