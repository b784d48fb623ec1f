package io.pretext.deploy;

import static io.pretext.deploy.HelmChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.marcnuri.helm.LintResult;
import org.assertj.core.api.InstanceOfAssertFactories;
import io.pretext.deploy.HelmChart.Manifests;
import io.pretext.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/pretext linted and rendered with Helm's own library: the defaults (CPU workers), the GPU
 * values, KEDA, an existing Secret and the ServiceMonitor; and the KEDA query run against the real
 * schema.
 */
class HelmChartTest {

    static final String API = RELEASE + "-pretext-api";
    static final String WORKER = RELEASE + "-pretext-worker";
    static final String SECRET = RELEASE + "-pretext";
    static final Path GPU_VALUES = HelmChart.CHART.resolve("values-gpu.yaml");

    @TempDir
    Path workDir;

    @Test
    void lints_clean_with_default_and_with_gpu_values() {
        assertClean(HelmChart.lint());
        assertClean(HelmChart.lintWith(GPU_VALUES, workDir));
    }

    @Test
    void defaults_render_api_and_cpu_worker_with_service_hpa_pdbs_config_and_secret() {
        Manifests chart = HelmChart.template(Map.of());

        assertThat(chart.one("Service", API)).isNotNull();
        assertThat(chart.one("Service", WORKER)).isNotNull();
        assertThat(Yamls.at(chart.one("HorizontalPodAutoscaler", API), "spec.scaleTargetRef.name")).isEqualTo(API);
        assertThat(chart.all("PodDisruptionBudget")).hasSize(2);
        assertThat(chart.one("ConfigMap", RELEASE + "-pretext")).isNotNull();
        assertThat(chart.one("Secret", SECRET)).isNotNull();
        assertThat(chart.has("ScaledObject")).isFalse();
        assertThat(chart.has("ServiceMonitor")).isFalse();
        assertThat(Yamls.find(chart.one("Deployment", API), "spec.replicas")).as("the HPA owns replicas").isNull();

        Map<String, Object> worker = chart.container(WORKER, "worker");
        assertThat(env(worker)).containsEntry("PRETEXT_ROLES", "worker").containsEntry("PRETEXT_WORKER_DEVICES", "cpu")
                .as("the CPUs requested per slot, not the node's").containsEntry("PRETEXT_WORKER_CHILDTHREADS", "2");
        assertThat(resourceNames(worker)).doesNotContain("nvidia.com/gpu");
        assertThat(env(chart.container(API, "api"))).containsEntry("PRETEXT_ROLES", "api");
    }

    @Test
    void both_deployments_probe_liveness_and_readiness_on_the_http_port() {
        Manifests chart = HelmChart.template(Map.of());

        for (Map<String, Object> container : List.of(chart.container(API, "api"), chart.container(WORKER, "worker"))) {
            assertThat(Yamls.at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
            assertThat(Yamls.at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
            assertThat(Yamls.at(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
            assertThat(Yamls.at(container, "readinessProbe.httpGet.port")).isEqualTo("http");
            assertThat(Yamls.at(container, "ports.0.containerPort")).isEqualTo(8080);
        }
    }

    @Test
    void only_api_pods_migrate_and_workers_wait_for_a_ready_api() {
        Manifests chart = HelmChart.template(Map.of());

        Set<String> migrating = new TreeSet<>();
        for (Map<String, Object> deployment : chart.all("Deployment")) {
            for (Object container : Yamls.listAt(deployment, "spec.template.spec.containers")) {
                if (!"false".equals(env(Yamls.map(container, "container")).get("SPRING_FLYWAY_ENABLED"))) {
                    migrating.add((String) Yamls.at(deployment, "metadata.name"));
                }
            }
        }
        assertThat(migrating).as("Deployments whose pods run Flyway").containsExactly(API);
        Object init = Yamls.at(chart.one("Deployment", WORKER), "spec.template.spec.initContainers.0.command");
        assertThat(init.toString()).contains("http://" + API + ":8080/actuator/health/readiness");
    }

    @Test
    void every_environment_variable_is_one_pretext_understands() {
        KnownSettings known = KnownSettings.load();
        Manifests chart = HelmChart.template(Map.of("extraConfig.LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"), GPU_VALUES);

        Set<String> names = new TreeSet<>(Yamls.mapAt(chart.one("ConfigMap", RELEASE + "-pretext"), "data").keySet());
        names.addAll(env(chart.container(API, "api")).keySet());
        names.addAll(env(chart.container(WORKER, "worker")).keySet());

        assertThat(names).contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD", "PRETEXT_STORAGE_S3_BUCKET",
                "PRETEXT_BOOTSTRAP_KEY", "LOGGING_STRUCTURED_FORMAT_CONSOLE");
        assertThat(names).allSatisfy(name -> assertThat(known.knows(name)).as(name).isTrue());
    }

    @Test
    void secrets_come_from_the_chart_secret_or_an_existing_one() {
        Manifests own = HelmChart.template(Map.of("secrets.databasePassword", "pw", "secrets.bootstrapKey",
                "ptx_0123456789abcdef"));
        Map<String, Object> data = Yamls.mapAt(own.one("Secret", SECRET), "data");
        assertThat(data).containsKeys("database-password", "bootstrap-key", "metrics-key");
        assertThat(secretRef(own.container(API, "api"), "SPRING_DATASOURCE_PASSWORD"))
                .containsEntry("name", SECRET).containsEntry("key", "database-password");

        Manifests existing = HelmChart.template(Map.of("secrets.existingSecret", "ops-managed"));
        assertThat(existing.has("Secret")).isFalse();
        assertThat(secretRef(existing.container(WORKER, "worker"), "PRETEXT_STORAGE_S3_SECRETKEY"))
                .containsEntry("name", "ops-managed").containsEntry("key", "s3-secret-key");
    }

    @Test
    void gpu_values_give_workers_one_slot_per_gpu_on_gpu_nodes_with_the_cuda_image() {
        Manifests chart = HelmChart.template(Map.of(), GPU_VALUES);
        Map<String, Object> worker = chart.container(WORKER, "worker");
        Map<String, Object> pod = Yamls.mapAt(chart.one("Deployment", WORKER), "spec.template.spec");

        assertThat(Yamls.at(worker, "resources.limits")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("nvidia.com/gpu", 2);
        assertThat(Yamls.at(worker, "resources.requests")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("nvidia.com/gpu", 2);
        assertThat(env(worker)).containsEntry("PRETEXT_WORKER_DEVICES", "0,1").containsEntry("PRETEXT_WORKER_CHILDHEAP", "4g")
                .containsEntry("PRETEXT_WORKER_CHILDTHREADS", "2");
        assertThat(worker.get("image")).isEqualTo("pretext:0.1.0-cu128");
        assertThat(Yamls.at(pod, "nodeSelector")).isEqualTo(Map.of("nvidia.com/gpu.present", "true"));
        assertThat(Yamls.listAt(pod, "tolerations")).singleElement()
                .isEqualTo(Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule"));

        Map<String, Object> api = chart.container(API, "api");
        assertThat(api.get("image")).isEqualTo("pretext:0.1.0");
        assertThat(resourceNames(api)).doesNotContain("nvidia.com/gpu");
    }

    @Test
    void keda_scales_workers_on_the_queued_job_count_with_the_database_password_from_the_secret() {
        Manifests chart = HelmChart.template(Map.of("worker.keda.enabled", true), GPU_VALUES);
        Map<String, Object> scaled = chart.one("ScaledObject", WORKER);
        Map<String, Object> trigger = Yamls.mapAt(scaled, "spec.triggers.0");

        assertThat(Yamls.at(scaled, "spec.scaleTargetRef.name")).isEqualTo(WORKER);
        assertThat(trigger.get("type")).isEqualTo("postgresql");
        assertThat(Yamls.at(trigger, "metadata.query")).isEqualTo("SELECT count(*) FROM jobs WHERE state = 'QUEUED'");
        assertThat(Yamls.mapAt(trigger, "metadata")).containsEntry("dbName", "pretext").containsEntry("userName", "pretext")
                .containsKeys("host", "port", "targetQueryValue");
        String auth = (String) Yamls.at(trigger, "authenticationRef.name");
        assertThat(Yamls.at(chart.one("TriggerAuthentication", auth), "spec.secretTargetRef.0"))
                .isEqualTo(Map.of("parameter", "password", "name", SECRET, "key", "database-password"));
        assertThat(Yamls.find(chart.one("Deployment", WORKER), "spec.replicas")).as("KEDA owns replicas").isNull();
    }

    @Test
    void the_keda_query_counts_queued_jobs_on_the_migrated_schema() throws Exception {
        String url = TestDatabase.newEmbeddedDatabase();
        String user = TestDatabase.embedded().username();
        Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration").load().migrate();
        String query = (String) Yamls.at(HelmChart.template(Map.of("worker.keda.enabled", true))
                .one("ScaledObject", WORKER), "spec.triggers.0.metadata.query");

        try (var connection = DriverManager.getConnection(url, user, "");
                var rows = connection.createStatement().executeQuery(query)) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isZero();
        }
    }

    @Test
    void the_service_monitor_scrapes_api_and_workers_with_the_metrics_key() {
        Manifests chart = HelmChart.template(Map.of("serviceMonitor.enabled", true));
        Map<String, Object> monitor = chart.one("ServiceMonitor", RELEASE + "-pretext");
        Map<String, Object> endpoint = Yamls.mapAt(monitor, "spec.endpoints.0");

        assertThat(endpoint).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
        assertThat(Yamls.at(endpoint, "authorization.type")).isEqualTo("Bearer");
        assertThat(Yamls.at(endpoint, "authorization.credentials"))
                .isEqualTo(Map.of("name", SECRET, "key", "metrics-key"));
        Map<String, Object> selector = Yamls.mapAt(monitor, "spec.selector.matchLabels");
        for (String service : List.of(API, WORKER)) {
            assertThat(Yamls.mapAt(chart.one("Service", service), "metadata.labels")).containsAllEntriesOf(selector);
            assertThat(Yamls.at(chart.one("Service", service), "spec.ports.0.name")).isEqualTo("http");
        }
    }

    @Test
    void the_grafana_dashboard_config_map_carries_the_same_dashboard_as_compose() throws Exception {
        String dashboard = Files.readString(Path.of("deploy/grafana/dashboards/pretext.json"));
        Manifests chart = HelmChart.template(Map.of("grafanaDashboard.enabled", true));

        assertThat(Files.readString(HelmChart.CHART.resolve("dashboards/pretext.json"))).isEqualTo(dashboard);
        assertThat(Yamls.at(chart.one("ConfigMap", RELEASE + "-pretext-dashboard"), "data"))
                .isEqualTo(Map.of("pretext.json", dashboard.strip()));
    }

    private static void assertClean(LintResult lint) {
        assertThat(lint.isFailed()).as(lint.getMessages().toString()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    /** A container's env: literal values as strings, references as their valueFrom map. */
    static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Object entry : Yamls.listAt(container, "env")) {
            Map<String, Object> variable = Yamls.map(entry, "env entry");
            env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value")
                    : variable.get("valueFrom"));
        }
        return env;
    }

    private static Map<String, Object> secretRef(Map<String, Object> container, String name) {
        return Yamls.mapAt(env(container).get(name), "secretKeyRef");
    }

    private static Set<String> resourceNames(Map<String, Object> container) {
        Set<String> names = new TreeSet<>();
        for (String group : List.of("limits", "requests")) {
            Object resources = Yamls.find(container, "resources." + group);
            if (resources instanceof Map<?, ?> map) {
                map.keySet().forEach(k -> names.add(k.toString()));
            }
        }
        return names;
    }
}
