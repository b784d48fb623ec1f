package io.pretext.security;

import static io.pretext.security.AuthorizationRules.Owner.DATASET;
import static io.pretext.security.AuthorizationRules.Owner.EXPERIMENT;
import static io.pretext.security.AuthorizationRules.Owner.JOB;
import static io.pretext.security.AuthorizationRules.Owner.KEY;
import static io.pretext.security.AuthorizationRules.Owner.LISTING;
import static io.pretext.security.AuthorizationRules.Owner.MODEL;
import static io.pretext.security.AuthorizationRules.Owner.NONE;
import static io.pretext.security.AuthorizationRules.Owner.STUDY;
import static io.pretext.security.Scope.ADMIN;
import static io.pretext.security.Scope.METRICS;
import static io.pretext.security.Scope.READ;
import static io.pretext.security.Scope.WRITE;

import java.util.Map;
import java.util.Set;

/**
 * The expected authorization of every route, written out by hand on purpose: {@link
 * AuthorizationMatrixTest} fails for a route that has no row here, so adding a route means deciding
 * (and reviewing) the scope it needs and whose ids it takes. Stateless.
 */
final class AuthorizationRules {

    /** Whose resource an operation's path id names (or what it lists), for the other-tenant check. */
    enum Owner {
        /** No tenant-owned id: nothing to borrow (admin routes are cross-tenant by design). */
        NONE, DATASET, EXPERIMENT, JOB, KEY, STUDY,
        /** Lists the caller's tenant's rows: must show none of another tenant's. */
        LISTING,
        /** A model name or id: no model exists without training one, so not borrowed here. */
        MODEL
    }

    /** The scope an operation needs and whose ids it takes. */
    record Rule(Scope scope, Owner owner) {
    }

    /** Every operation of the OpenAPI document, by operationId. */
    static final Map<String, Rule> OPERATIONS = Map.ofEntries(
            Map.entry("whoAmI", new Rule(READ, NONE)),
            Map.entry("listKeys", new Rule(READ, LISTING)),
            Map.entry("getKey", new Rule(READ, KEY)),
            Map.entry("revokeKey", new Rule(WRITE, KEY)),
            Map.entry("listTenants", new Rule(ADMIN, NONE)),
            Map.entry("createTenant", new Rule(ADMIN, NONE)),
            Map.entry("getTenant", new Rule(ADMIN, NONE)),
            Map.entry("listTenantKeys", new Rule(ADMIN, NONE)),
            Map.entry("issueKey", new Rule(ADMIN, NONE)),
            Map.entry("revokeAnyKey", new Rule(ADMIN, NONE)),
            Map.entry("listDatasets", new Rule(READ, LISTING)),
            Map.entry("uploadDataset", new Rule(WRITE, NONE)),
            Map.entry("getDataset", new Rule(READ, DATASET)),
            Map.entry("deleteDataset", new Rule(WRITE, DATASET)),
            Map.entry("getDatasetSplit", new Rule(READ, DATASET)),
            Map.entry("getDatasetTextSamples", new Rule(READ, DATASET)),
            Map.entry("getDatasetSampleGrid", new Rule(READ, DATASET)),
            Map.entry("listExperiments", new Rule(READ, LISTING)),
            Map.entry("getExperimentReport", new Rule(READ, EXPERIMENT)),
            Map.entry("submitExperiment", new Rule(WRITE, NONE)),
            Map.entry("getExperiment", new Rule(READ, EXPERIMENT)),
            Map.entry("cancelExperiment", new Rule(WRITE, EXPERIMENT)),
            Map.entry("getExperimentMetrics", new Rule(READ, EXPERIMENT)),
            Map.entry("streamExperimentEvents", new Rule(READ, EXPERIMENT)),
            Map.entry("getExperimentEmbeddingsPlot", new Rule(READ, EXPERIMENT)),
            Map.entry("getExperimentCurves", new Rule(READ, EXPERIMENT)),
            Map.entry("getExperimentRetrievalPicture", new Rule(READ, EXPERIMENT)),
            Map.entry("listStudies", new Rule(READ, LISTING)),
            Map.entry("submitStudy", new Rule(WRITE, NONE)),
            Map.entry("getStudy", new Rule(READ, STUDY)),
            Map.entry("cancelStudy", new Rule(WRITE, STUDY)),
            Map.entry("streamStudyEvents", new Rule(READ, STUDY)),
            Map.entry("getStudyResults", new Rule(READ, STUDY)),
            Map.entry("getStudyResultsCsv", new Rule(READ, STUDY)),
            Map.entry("getStudyChart", new Rule(READ, STUDY)),
            Map.entry("listJobs", new Rule(READ, LISTING)),
            Map.entry("getJob", new Rule(READ, JOB)),
            Map.entry("getJobLog", new Rule(READ, JOB)),
            Map.entry("streamJobLog", new Rule(READ, JOB)),
            Map.entry("cancelJob", new Rule(WRITE, JOB)),
            Map.entry("listModels", new Rule(READ, LISTING)),
            Map.entry("getModel", new Rule(READ, MODEL)),
            Map.entry("exportBackbone", new Rule(READ, MODEL)),
            Map.entry("setModelAlias", new Rule(WRITE, MODEL)),
            Map.entry("embedInputs", new Rule(WRITE, MODEL)),
            Map.entry("embedImages", new Rule(WRITE, MODEL)),
            Map.entry("classifyInputs", new Rule(WRITE, MODEL)),
            Map.entry("classifyImages", new Rule(WRITE, MODEL)),
            Map.entry("zeroShotInputs", new Rule(WRITE, MODEL)),
            Map.entry("zeroShotImages", new Rule(WRITE, MODEL)),
            Map.entry("searchDataset", new Rule(WRITE, MODEL)));

    /** A route the document leaves out: the method to call it with and the scope it needs. */
    record Undocumented(String method, Scope scope) {
    }

    /**
     * Routes the document leaves out that need a key, by path pattern: the Open Inference Protocol
     * (its own specification is its contract) and the raw-pixel routes (a generated client cannot
     * send their binary body).
     */
    static final Map<String, Undocumented> UNDOCUMENTED = Map.ofEntries(
            Map.entry("/error", new Undocumented("get", READ)),
            Map.entry("/actuator", new Undocumented("get", METRICS)),
            Map.entry("/actuator/prometheus", new Undocumented("get", METRICS)),
            Map.entry("/actuator/metrics", new Undocumented("get", METRICS)),
            Map.entry("/actuator/metrics/{requiredMetricName}", new Undocumented("get", METRICS)),
            Map.entry("/actuator/info", new Undocumented("get", METRICS)),
            Map.entry("/v2", new Undocumented("get", READ)),
            Map.entry("/v2/models/{name}", new Undocumented("get", READ)),
            Map.entry("/v2/models/{name}/versions/{version}", new Undocumented("get", READ)),
            Map.entry("/v2/models/{name}/ready", new Undocumented("get", READ)),
            Map.entry("/v2/models/{name}/versions/{version}/ready", new Undocumented("get", READ)),
            Map.entry("/v2/models/{name}/infer", new Undocumented("post", WRITE)),
            Map.entry("/v2/models/{name}/versions/{version}/infer", new Undocumented("post", WRITE)),
            Map.entry("/v1/models/{id}/embeddings/tensor", new Undocumented("post", WRITE)),
            Map.entry("/v1/models/{id}/classifications/tensor", new Undocumented("post", WRITE)));

    /** Routes that anyone may call, by path pattern. */
    static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config",
            "/swagger-ui.html", "/v2/health/live", "/v2/health/ready", "/", "/index.html", "/console/app.js",
            "/console/console.css", "/webjars/uplot/dist/uPlot.iife.min.js");

    private AuthorizationRules() {
    }
}
