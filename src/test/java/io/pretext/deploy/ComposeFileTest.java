package io.pretext.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Prometheus and Grafana files it mounts, as files (no Docker engine
 * here): services, health checks, named volumes, and that every variable set on a Pretext
 * container is one Pretext reads.
 */
class ComposeFileTest {

    static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");
    static final List<String> PRETEXT = List.of("pretext-api", "pretext-worker", "pretext-worker-gpu");

    final Map<String, Object> compose = Yamls.load(Path.of("docker-compose.yml"));
    final Map<String, Object> services = Yamls.mapAt(compose, "services");

    @Test
    void has_every_service_and_each_long_running_one_has_a_health_check() {
        assertThat(services).containsOnlyKeys("postgres", "minio", "minio-init", "pretext-api", "pretext-worker",
                "pretext-worker-gpu", "prometheus", "grafana");
        services.forEach((name, service) -> {
            if (!name.equals("minio-init")) {
                assertThat(Yamls.listAt(service, "healthcheck.test")).as(name).isNotEmpty();
            }
        });
        assertThat(Yamls.at(services, "postgres.image")).isEqualTo("postgres:17");
        assertThat(Yamls.at(services, "postgres.healthcheck.test").toString()).contains("pg_isready");
        for (String pretext : PRETEXT) {
            assertThat(Yamls.at(services, pretext + ".healthcheck.test").toString())
                    .contains("/actuator/health/readiness");
        }
        assertThat(Yamls.at(services, "minio-init.restart")).isEqualTo("no");
    }

    @Test
    void state_lives_in_declared_named_volumes_and_mounted_files_exist() {
        Set<String> declared = Yamls.mapAt(compose, "volumes").keySet();
        Set<String> used = new TreeSet<>();
        services.forEach((name, service) -> {
            Object volumes = Yamls.find(service, "volumes");
            for (Object volume : volumes == null ? List.of() : (List<?>) volumes) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as(name + " mounts " + source).exists();
                } else {
                    used.add(source);
                }
            }
        });

        assertThat(used).isEqualTo(declared);
        assertThat(mounts("postgres")).contains("postgres-data:/var/lib/postgresql/data");
        assertThat(mounts("minio")).contains("minio-data:/data");
        assertThat(mounts("pretext-api")).contains("api-data:/data");
        assertThat(mounts("pretext-worker")).contains("worker-data:/data");
        assertThat(mounts("prometheus")).contains("prometheus-data:/prometheus");
        assertThat(mounts("grafana")).contains("grafana-data:/var/lib/grafana");
    }

    @Test
    void pretext_containers_set_only_variables_pretext_reads() {
        KnownSettings known = KnownSettings.load();
        for (String service : PRETEXT) {
            assertThat(environment(service).keySet()).as(service)
                    .contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                            "PRETEXT_STORAGE_TYPE", "PRETEXT_STORAGE_S3_ENDPOINT", "PRETEXT_STORAGE_S3_BUCKET",
                            "PRETEXT_STORAGE_S3_ACCESSKEY", "PRETEXT_STORAGE_S3_SECRETKEY",
                            "PRETEXT_STORAGE_S3_PATHSTYLE", "PRETEXT_BOOTSTRAP_KEY", "PRETEXT_ROLES")
                    .allSatisfy(name -> assertThat(known.knows(name)).as(service + ": " + name).isTrue());
            assertThat(environment(service)).containsEntry("PRETEXT_STORAGE_TYPE", "s3")
                    .containsEntry("PRETEXT_STORAGE_S3_ENDPOINT", "http://minio:9000")
                    .containsEntry("PRETEXT_STORAGE_S3_PATHSTYLE", "true")
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/pretext");
        }
    }

    @Test
    void the_api_migrates_and_serves_while_workers_wait_for_it() {
        assertThat(environment("pretext-api")).containsEntry("PRETEXT_ROLES", "api")
                .doesNotContainEntry("SPRING_FLYWAY_ENABLED", "false");
        assertThat(Yamls.at(services, "pretext-api.depends_on.postgres.condition")).isEqualTo("service_healthy");
        assertThat(Yamls.at(services, "pretext-api.depends_on.minio-init.condition"))
                .isEqualTo("service_completed_successfully");
        for (String worker : List.of("pretext-worker", "pretext-worker-gpu")) {
            assertThat(environment(worker)).as(worker).containsEntry("PRETEXT_ROLES", "worker")
                    .containsEntry("SPRING_FLYWAY_ENABLED", "false");
            assertThat(Yamls.at(services, worker + ".depends_on.pretext-api.condition")).isEqualTo("service_healthy");
        }
    }

    @Test
    void the_gpu_worker_is_an_optional_profile_reserving_an_nvidia_gpu_for_slot_0() {
        Map<String, Object> gpu = Yamls.mapAt(services, "pretext-worker-gpu");

        assertThat(Yamls.listAt(gpu, "profiles")).containsExactly("gpu");
        assertThat(Yamls.at(gpu, "build.args.FLAVOR")).isEqualTo("cu128");
        assertThat(environment("pretext-worker-gpu")).containsEntry("PRETEXT_WORKER_DEVICES", "0");
        Map<String, Object> device = Yamls.mapAt(gpu, "deploy.resources.reservations.devices.0");
        assertThat(device).containsEntry("driver", "nvidia").containsEntry("capabilities", List.of("gpu"));
        services.forEach((name, service) -> {
            if (!name.equals("pretext-worker-gpu")) {
                assertThat(Yamls.find(service, "profiles")).as(name + " runs without a profile").isNull();
            }
        });
    }

    @Test
    void minio_init_creates_the_bucket_pretext_uses() {
        String bucket = (String) environment("pretext-api").get("PRETEXT_STORAGE_S3_BUCKET");

        assertThat(Yamls.at(services, "minio-init.depends_on.minio.condition")).isEqualTo("service_healthy");
        assertThat(Yamls.at(services, "minio-init.command").toString()).contains("mc mb --ignore-existing pretext/" + bucket);
        assertThat(resolved(environment("pretext-api").get("PRETEXT_STORAGE_S3_ACCESSKEY")))
                .isEqualTo(resolved(Yamls.at(services, "minio.environment.MINIO_ROOT_USER")));
    }

    @Test
    void prometheus_scrapes_both_roles_with_a_bearer_key_pretext_accepts() {
        Map<String, Object> prometheus = Yamls.load(Path.of("deploy/prometheus/prometheus.yml"));
        String bootstrapKey = resolved(environment("pretext-api").get("PRETEXT_BOOTSTRAP_KEY"));

        Set<String> scraped = new TreeSet<>();
        for (Object job : Yamls.listAt(prometheus, "scrape_configs")) {
            if (Yamls.map(job, "job").get("job_name").toString().startsWith("pretext")) {
                assertThat(Yamls.at(job, "metrics_path")).isEqualTo("/actuator/prometheus");
                assertThat(Yamls.at(job, "authorization.type")).isEqualTo("Bearer");
                assertThat(Yamls.at(job, "authorization.credentials")).as("the compose file's default admin key")
                        .isEqualTo(bootstrapKey);
                for (Object dns : Yamls.listAt(job, "dns_sd_configs")) {
                    assertThat(Yamls.at(dns, "port")).isEqualTo(8080);
                    Yamls.listAt(dns, "names").forEach(n -> scraped.add(n.toString()));
                }
            }
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(PRETEXT);
    }

    @Test
    void grafana_is_provisioned_with_prometheus_and_the_pretext_dashboard() throws Exception {
        Map<String, Object> datasource = Yamls.mapAt(Yamls.load(
                Path.of("deploy/grafana/provisioning/datasources/prometheus.yml")), "datasources.0");
        Map<String, Object> provider = Yamls.mapAt(Yamls.load(
                Path.of("deploy/grafana/provisioning/dashboards/pretext.yml")), "providers.0");

        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        assertThat(mounts("grafana")).contains("./deploy/grafana/dashboards:" + Yamls.at(provider, "options.path") + ":ro");
        assertThat(Files.readString(Path.of("deploy/grafana/dashboards/pretext.json"))).contains("\"uid\": \"pretext\"");
    }

    private Map<String, Object> environment(String service) {
        return Yamls.mapAt(services, service + ".environment");
    }

    private List<String> mounts(String service) {
        return Yamls.listAt(services, service + ".volumes").stream().map(Object::toString).toList();
    }

    /** A compose value with {@code ${VAR:-default}} replaced by its default. */
    private static String resolved(Object value) {
        Matcher variable = DEFAULTED.matcher(value.toString());
        return variable.replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
    }
}
