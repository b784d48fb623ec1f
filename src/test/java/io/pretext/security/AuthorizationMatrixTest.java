package io.pretext.security;

import static io.pretext.security.AuthorizationRules.OPERATIONS;
import static io.pretext.security.AuthorizationRules.Owner.DATASET;
import static io.pretext.security.AuthorizationRules.Owner.EXPERIMENT;
import static io.pretext.security.AuthorizationRules.Owner.JOB;
import static io.pretext.security.AuthorizationRules.Owner.KEY;
import static io.pretext.security.AuthorizationRules.Owner.LISTING;
import static io.pretext.security.AuthorizationRules.Owner.STUDY;
import static io.pretext.security.AuthorizationRules.PUBLIC;
import static io.pretext.security.AuthorizationRules.UNDOCUMENTED;
import static io.pretext.security.Scope.ADMIN;
import static io.pretext.security.Scope.METRICS;
import static io.pretext.security.Scope.READ;
import static io.pretext.security.Scope.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's authorization matrix: every operation of the live OpenAPI document, plus the routes
 * the document leaves out, against the hand-written {@link AuthorizationRules}. A route without a
 * rule fails, so a new route cannot ship before someone decides its scope. Per route: no key and a
 * garbage key answer 401, a key with every scope but the needed one 403, a key with only the needed
 * scope gets past security, another tenant's id 404 and changes nothing — all problem+json.
 */
@IntegrationTest
class AuthorizationMatrixTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "options", "head");
    private static final String GARBAGE_KEY = "ptx_garbage-key-that-no-tenant-has-0000000000";

    /** A route to call: a documented operation (with its id) or an undocumented GET (id empty). */
    private record Route(String method, String path, String id, Scope scope) {
        String where() {
            return method.toUpperCase() + " " + path + (id.isEmpty() ? "" : " (" + id + ")");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private ApiClient api;
    /** Every operation of the live document, with a rule or not. */
    private final List<Route> documented = new ArrayList<>();

    @BeforeEach
    void loadDocument() {
        api = new ApiClient(port);
        Response doc = api.get("/v3/api-docs", null);
        assertThat(doc.status()).isEqualTo(200);
        doc.json().get("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode op = path.getValue().get(method);
            if (op != null) {
                String id = op.path("operationId").asString("");
                documented.add(new Route(method, path.getKey(), id,
                        OPERATIONS.containsKey(id) ? OPERATIONS.get(id).scope() : null));
            }
        }));
    }

    /** The routes with a rule: documented operations (those without one fail the first test) and undocumented ones. */
    private List<Route> protectedRoutes() {
        List<Route> routes = new ArrayList<>(documented.stream().filter(r -> r.scope() != null).toList());
        UNDOCUMENTED.forEach((path, route) -> routes.add(new Route(route.method(), path, "", route.scope())));
        return routes;
    }

    @Test
    void every_operation_and_every_mapped_route_has_an_explicit_rule() {
        Set<String> documentedIds = new TreeSet<>();
        Set<String> documentedPaths = new TreeSet<>();
        documented.forEach(op -> {
            documentedIds.add(op.id());
            documentedPaths.add(op.path());
        });
        Set<String> mapped = new TreeSet<>();
        handlerMapping.getHandlerMethods().keySet().forEach(info -> mapped.addAll(info.getPatternValues()));

        assertThat(documented).hasSizeGreaterThan(30);
        assertThat(mapped).contains("/v1/me", "/error", "/v3/api-docs");
        assertThat(documentedIds.stream().filter(id -> !OPERATIONS.containsKey(id)))
                .as("operations without a row in AuthorizationRules.OPERATIONS: decide their scope").isEmpty();
        assertThat(OPERATIONS.keySet().stream().filter(id -> !documentedIds.contains(id)))
                .as("rows for operations that no longer exist").isEmpty();
        assertThat(mapped.stream().filter(p -> !documentedPaths.contains(p) && !UNDOCUMENTED.containsKey(p)
                && !PUBLIC.contains(p))).as("routes neither documented nor in UNDOCUMENTED or PUBLIC").isEmpty();
    }

    @Test
    void without_a_key_or_with_a_garbage_key_every_protected_route_answers_401_problem() {
        List<String> defects = new ArrayList<>();
        for (Route route : protectedRoutes()) {
            String path = fill(route.path(), Map.of());
            for (String key : new String[] {null, GARBAGE_KEY}) {
                Response response = call(route.method(), path, key);
                if (response.status() != 401 || !isProblem(response)) {
                    defects.add(route.where() + (key == null ? " without a key: " : " with a garbage key: ")
                            + response.status() + " " + response.contentType());
                }
            }
        }
        PUBLIC.forEach(path -> {
            int status = api.get(path, null).status();
            if (status == 401 || status == 403 || status >= 500) {
                defects.add("public GET " + path + ": " + status);
            }
        });
        assertThat(defects).isEmpty();
    }

    @Test
    void a_key_lacking_the_scope_gets_403_problem_and_one_with_only_that_scope_gets_past_security() {
        UUID tenant = newTenant();
        Map<Scope, String> only = new EnumMap<>(Scope.class);
        Map<Scope, String> without = new EnumMap<>(Scope.class);
        for (Scope scope : Scope.values()) {
            only.put(scope, issueKey(tenant, Set.of(scope)));
            Set<Scope> others = new TreeSet<>(Set.of(Scope.values()));
            others.remove(scope);
            if (scope == METRICS) {
                others.remove(ADMIN); // an admin key reads metrics too
            }
            without.put(scope, issueKey(tenant, others));
        }
        List<String> defects = new ArrayList<>();
        for (Route route : protectedRoutes()) {
            String path = fill(route.path(), Map.of());
            String scope = route.scope().value();
            Response lacking = call(route.method(), path, without.get(route.scope()));
            Response holding = call(route.method(), path, only.get(route.scope()));
            if (lacking.status() != 403 || !isProblem(lacking)
                    || !lacking.json().path("detail").asString("").contains("'" + scope + "'")) {
                defects.add(route.where() + " without " + scope + ": " + lacking.status() + " " + lacking.body());
            }
            // A 403 that is not the scope check's own (a tenant's scrape key asking for per-meter details) is past it.
            boolean refusedForScope = holding.status() == 403 && holding.body().contains("lacks the");
            if (holding.status() == 401 || refusedForScope || holding.status() >= 500) {
                defects.add(route.where() + " with only " + scope + ": " + holding.status() + " " + holding.body());
            }
        }
        assertThat(defects).isEmpty();
    }

    @Test
    void another_tenants_ids_answer_404_problem_change_nothing_and_never_show_in_listings() {
        String owner = issueKey(newTenant(), Set.of(READ, WRITE));
        String other = issueKey(newTenant(), Set.of(READ, WRITE));
        Map<AuthorizationRules.Owner, String> owned = ownedResources(owner);
        List<String> defects = new ArrayList<>();
        for (Route route : documented.stream().filter(r -> r.scope() != null).toList()) {
            AuthorizationRules.Owner kind = OPERATIONS.get(route.id()).owner();
            if (kind == LISTING) {
                Response list = call(route.method(), route.path(), other);
                owned.values().stream().filter(list.body()::contains)
                        .forEach(id -> defects.add(route.where() + " lists another tenant's " + id));
            } else if (owned.containsKey(kind)) {
                String id = owned.get(kind);
                Response response = call(route.method(), fill(route.path(), Map.of("id", id, "keyId", id)), other);
                if (response.status() != 404 || !isProblem(response)) {
                    defects.add(route.where() + " with another tenant's id: " + response.status() + " "
                            + response.body());
                }
            }
        }
        assertThat(defects).isEmpty();
        assertThat(api.get("/v1/datasets/" + owned.get(DATASET), owner).status()).isEqualTo(200);
        assertThat(api.get("/v1/experiments/" + owned.get(EXPERIMENT), owner).json().path("state").asString())
                .isEqualTo("QUEUED");
        assertThat(api.get("/v1/jobs/" + owned.get(JOB), owner).json().path("state").asString()).isEqualTo("QUEUED");
        assertThat(api.get("/v1/studies/" + owned.get(STUDY), owner).json().path("state").asString())
                .isEqualTo("QUEUED");
        assertThat(api.get("/v1/keys/" + owned.get(KEY), owner).json().path("active").asBoolean()).isTrue();
    }

    /** A dataset, an experiment, its job, a study and the key itself, of the tenant that {@code key} belongs to. */
    private Map<AuthorizationRules.Owner, String> ownedResources(String key) {
        String dataset = api.upload("/v1/datasets", key, Map.of("name", "matrix"),
                new FilePart("file", "m.idx", DatasetFiles.idxImages(20, 8, 8, 1))).json().get("id").asString();
        Response experiment = api.post("/v1/experiments", key, """
                {"name": "matrix", "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1}}"""
                .formatted(dataset));
        assertThat(experiment.status()).as(experiment.body()).isEqualTo(201);
        byte[] labels = new byte[20];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 2);
        }
        String labeled = api.upload("/v1/datasets", key, Map.of("name", "matrix-labeled"),
                new FilePart("file", "l.idx", DatasetFiles.idxImages(20, 8, 8, 2)),
                new FilePart("labels", "l-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
        Response study = api.post("/v1/studies", key, """
                {"name": "matrix", "labeled": "%s", "test": ["%s"], "budgets": [{"labelsPerClass": 2}],
                 "arms": ["linear", "pixels"], "seeds": 1, "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1}}"""
                .formatted(labeled, labeled, dataset));
        assertThat(study.status()).as(study.body()).isEqualTo(201);
        return Map.of(DATASET, dataset, EXPERIMENT, experiment.json().get("id").asString(),
                STUDY, study.json().get("id").asString(),
                JOB, experiment.json().at("/jobs/0/id").asString(),
                KEY, api.get("/v1/me", key).json().get("keyId").asString());
    }

    /** {@code template} with each path variable from {@code values}, else a fresh UUID. */
    private static String fill(String template, Map<String, String> values) {
        return Pattern.compile("\\{([^}]+)}").matcher(template)
                .replaceAll(m -> values.getOrDefault(m.group(1), UUID.randomUUID().toString()));
    }

    /** Calls a route; bodies, when the method has one, are an empty JSON object. */
    private Response call(String method, String path, String key) {
        boolean hasBody = method.equals("post") || method.equals("put") || method.equals("patch");
        return api.send(method.toUpperCase(), path, key, hasBody ? "application/json" : null, hasBody ? "{}" : null);
    }

    private static boolean isProblem(Response response) {
        return response.contentType().startsWith("application/problem+json");
    }

    private UUID newTenant() {
        Response response = api.post("/v1/admin/tenants", IntegrationTest.ADMIN_KEY,
                ApiClient.json(Map.of("name", "matrix-" + UUID.randomUUID().toString().substring(0, 8))));
        assertThat(response.status()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }

    private String issueKey(UUID tenant, Set<Scope> scopes) {
        Response response = api.post("/v1/admin/tenants/" + tenant + "/keys", IntegrationTest.ADMIN_KEY,
                ApiClient.json(Map.of("name", "matrix", "scopes", scopes.stream().map(Scope::value).toList())));
        assertThat(response.status()).isEqualTo(201);
        return response.json().get("key").asString();
    }
}
