package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pretext.testing.ApiClient;
import io.pretext.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What a generated client relies on in the live OpenAPI document (issue 16): unique, meaningful
 * operation ids, one problem schema on every error, real media types, binary bodies, no
 * {@code /error}. Also writes the document to {@code target/openapi.json} for tools ({@link LiveDocument}).
 */
@IntegrationTest
class OpenApiContractTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "options", "head");
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @LocalServerPort
    int port;

    private JsonNode doc;

    /** One operation of the document. */
    private record Op(String method, String path, JsonNode node) {
        String where() {
            return method.toUpperCase() + " " + path;
        }
    }

    @BeforeEach
    void loadDocument() throws IOException {
        doc = LiveDocument.fetch(port);
    }

    private List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> METHODS.forEach(method -> {
            JsonNode op = path.getValue().get(method);
            if (op != null) {
                ops.add(new Op(method, path.getKey(), op));
            }
        }));
        return ops;
    }

    @Test
    void every_operation_has_a_unique_id_that_does_not_end_in_a_digit() {
        Map<String, String> seen = new HashMap<>();
        List<String> defects = new ArrayList<>();
        for (Op op : operations()) {
            String id = op.node().path("operationId").asString("");
            if (id.isEmpty() || Character.isDigit(id.charAt(id.length() - 1))) {
                defects.add(op.where() + ": operationId '" + id + "'");
            }
            String previous = seen.put(id, op.where());
            if (previous != null) {
                defects.add(op.where() + ": operationId '" + id + "' also used by " + previous);
            }
        }
        assertThat(operations()).hasSizeGreaterThan(20);
        assertThat(defects).isEmpty();
    }

    @Test
    void every_error_response_is_the_problem_schema_and_every_operation_has_some() {
        List<String> defects = new ArrayList<>();
        for (Op op : operations()) {
            JsonNode responses = op.node().path("responses");
            List<String> errorCodes = new ArrayList<>();
            responses.properties().forEach(response -> {
                String code = response.getKey();
                if (!code.startsWith("4") && !code.startsWith("5")) {
                    return;
                }
                errorCodes.add(code);
                JsonNode content = response.getValue().path("content");
                List<String> types = new ArrayList<>();
                content.properties().forEach(c -> types.add(c.getKey()));
                if (!types.equals(List.of("application/problem+json"))) {
                    defects.add(op.where() + " " + code + ": content " + types);
                } else if (!PROBLEM_REF.equals(content.at("/application~1problem+json/schema/$ref").asString(""))) {
                    defects.add(op.where() + " " + code + ": not the Problem schema");
                }
            });
            if (!errorCodes.containsAll(List.of("400", "404"))) {
                defects.add(op.where() + ": error codes " + errorCodes + " lack 400 or 404");
            }
            boolean isPublic = op.node().has("security") && op.node().get("security").isEmpty();
            if (!isPublic && !errorCodes.containsAll(List.of("401", "403", "429"))) {
                defects.add(op.where() + ": error codes " + errorCodes + " lack 401, 403 or 429");
            }
        }
        assertThat(defects).isEmpty();
    }

    @Test
    void every_operation_describes_its_success_with_a_body_unless_it_is_204() {
        List<String> defects = new ArrayList<>();
        for (Op op : operations()) {
            List<String> successes = new ArrayList<>();
            op.node().path("responses").properties().forEach(r -> {
                if (r.getKey().startsWith("2")) {
                    successes.add(r.getKey());
                    if (!r.getKey().equals("204") && r.getValue().path("content").isEmpty()) {
                        defects.add(op.where() + " " + r.getKey() + ": no content");
                    }
                }
            });
            if (successes.isEmpty()) {
                defects.add(op.where() + ": no 2xx response");
            }
        }
        assertThat(defects).isEmpty();
    }

    @Test
    void closed_sets_are_named_enums_and_ids_are_uuids() {
        List<String> defects = new ArrayList<>();
        doc.at("/components/schemas").properties().forEach(schema -> schema.getValue().path("properties").properties()
                .forEach(property -> {
                    JsonNode value = property.getValue().has("items") ? property.getValue().get("items")
                            : property.getValue();
                    String pattern = value.path("pattern").asString("");
                    if (pattern.contains("|") || pattern.contains("[0-9a-fA-F]{8}")) {
                        defects.add(schema.getKey() + "." + property.getKey() + ": pattern " + pattern);
                    }
                    if (value.has("enum")) {
                        defects.add(schema.getKey() + "." + property.getKey() + ": an inline enum");
                    }
                }));
        assertThat(defects).isEmpty();
        JsonNode schemas = doc.at("/components/schemas");
        assertThat(schemas.at("/Pretrain/properties/dataset/format").asString()).isEqualTo("uuid");
        assertThat(schemas.at("/Evaluate/properties/datasets/items/format").asString()).isEqualTo("uuid");
        assertThat(schemas.at("/Optimizer/properties/type/$ref").asString())
                .isEqualTo("#/components/schemas/OptimizerType");
        assertThat(schemas.at("/Pretrain/properties/augmentation/$ref").asString())
                .isEqualTo(schemas.at("/Finetune/properties/augmentation/$ref").asString());
        assertThat(schemas.at("/JobState/enum").values()).extracting(JsonNode::asString).contains("QUEUED", "RUNNING");
        assertThat(doc.at("/paths/~1v1~1jobs/get/parameters").values()).filteredOn(p -> p.path("name").asString()
                .equals("state")).extracting(p -> p.at("/schema/$ref").asString())
                .containsExactly("#/components/schemas/JobState");
    }

    @Test
    void required_fields_exist_and_views_mark_theirs() {
        List<String> defects = new ArrayList<>();
        doc.at("/components/schemas").properties().forEach(schema -> schema.getValue().path("required").values()
                .forEach(name -> {
                    if (!schema.getValue().path("properties").has(name.asString())) {
                        defects.add(schema.getKey() + " requires " + name.asString() + ", which it does not have");
                    }
                }));
        assertThat(defects).isEmpty();
        for (String view : List.of("ExperimentView", "JobView", "DatasetInfo", "ModelDetail", "KeyView", "Embeddings",
                "PageResponseJobView")) {
            assertThat(doc.at("/components/schemas/" + view + "/required").values()).as(view).isNotEmpty();
        }
        assertThat(doc.at("/components/schemas/ExperimentView/required").values()).extracting(JsonNode::asString)
                .contains("id", "state", "jobs");
    }

    @Test
    void content_types_are_real_and_binary_bodies_are_binary() {
        List<String> defects = new ArrayList<>();
        for (Op op : operations()) {
            List<JsonNode> contents = new ArrayList<>();
            op.node().path("responses").properties().forEach(r -> contents.add(r.getValue().path("content")));
            contents.add(op.node().at("/requestBody/content"));
            for (JsonNode content : contents) {
                content.properties().forEach(c -> {
                    String type = c.getKey();
                    JsonNode schema = c.getValue().path("schema");
                    if (type.equals("*/*")) {
                        defects.add(op.where() + ": */*");
                    }
                    if ((type.startsWith("image/") || type.endsWith("zip") || type.equals("application/octet-stream"))
                            && !(schema.path("type").asString("").equals("string")
                                    && schema.path("format").asString("").equals("binary"))) {
                        defects.add(op.where() + ": " + type + " is " + schema);
                    }
                });
            }
        }
        assertThat(defects).isEmpty();
        assertThat(doc.at("/paths/~1v1~1models~1{id}~1backbone/get/responses/200/content").has("application/zip"))
                .isTrue();
        assertThat(doc.at("/paths/~1v1~1experiments~1{id}~1events/get/responses/200/content")
                .has("text/event-stream")).isTrue();
    }

    @Test
    void the_error_controller_and_jackson_internals_are_not_published() {
        assertThat(doc.get("paths").propertyNames()).noneMatch(p -> p.equals("/error") || p.startsWith("/error/"));
        assertThat(doc.at("/components/schemas").propertyNames())
                .doesNotContain("JsonNode", "SseEmitter", "StreamingResponseBody", "Detail", "Summary", "Version",
                        "Part", "Label");
    }

    @Test
    void creations_document_201_with_their_location() {
        for (String pointer : List.of("/paths/~1v1~1experiments/post", "/paths/~1v1~1datasets/post",
                "/paths/~1v1~1admin~1tenants/post", "/paths/~1v1~1admin~1tenants~1{tenantId}~1keys/post")) {
            JsonNode created = doc.at(pointer + "/responses/201");
            assertThat(created.isMissingNode()).as(pointer).isFalse();
            assertThat(created.path("headers").has("Location")).as(pointer).isTrue();
        }
        assertThat(doc.at("/paths/~1v1~1experiments/post/responses/200/headers").has("Idempotent-Replayed")).isTrue();
        assertThat(doc.at("/paths/~1v1~1experiments/post/responses/422").isMissingNode()).isFalse();
    }

    @Test
    void the_yaml_document_is_public_like_the_json_one() {
        assertThat(new ApiClient(port).get("/v3/api-docs.yaml", null).status()).isEqualTo(200);
    }
}
