package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.pretext.testing.ApiClient;
import io.pretext.training.TrainingMethods;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The live OpenAPI document as a production service publishes it, and how it differs from the
 * committed {@code client/openapi.json} that the shipped Java client is generated from. Methods
 * and strategies that only test code registers (e.g. {@code toy-flip}) are left out of every enum,
 * as a production classpath has none. Stateless.
 */
final class LiveDocument {

    /** The document the client module (and the tests' generated client) is built from. */
    static final Path COMMITTED = Path.of("client/openapi.json");
    /** Where the live document is written, formatted as the committed one, for tools and refreshes. */
    static final Path WRITTEN = Path.of("target/openapi.json");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_DIFFERENCES = 12;

    private LiveDocument() {
    }

    /** {@code GET /v3/api-docs} without test-only names, also written to {@link #WRITTEN}. */
    static JsonNode fetch(int port) throws IOException {
        ApiClient.Response response = new ApiClient(port).get("/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        Set<String> testOnly = testOnlyNames();
        doc.at("/components/schemas").values().forEach(schema -> {
            if (schema.path("enum") instanceof ArrayNode values) {
                for (int i = values.size() - 1; i >= 0; i--) {
                    if (testOnly.contains(values.get(i).asString())) {
                        values.remove(i);
                    }
                }
            }
        });
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, format(doc));
        return doc;
    }

    /** The document read from {@code file}. */
    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    /** The committed file's formatting: pretty-printed, ending with a newline. */
    static String format(JsonNode doc) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    }

    /** JSON pointers where {@code committed} and {@code live} differ (at most a dozen), key order ignored. */
    static List<String> differences(JsonNode committed, JsonNode live) {
        List<String> out = new ArrayList<>();
        compare(committed, live, "", out);
        return out;
    }

    private static void compare(JsonNode committed, JsonNode live, String pointer, List<String> out) {
        if (out.size() >= MAX_DIFFERENCES || committed.equals(live)) {
            return;
        }
        if (committed.isObject() && live.isObject()) {
            Set<String> names = new TreeSet<>(committed.propertyNames());
            names.addAll(live.propertyNames());
            for (String name : names) {
                compare(committed.path(name), live.path(name),
                        pointer + "/" + name.replace("~", "~0").replace("/", "~1"), out);
            }
            return;
        }
        out.add((pointer.isEmpty() ? "/" : pointer) + ": committed " + shortly(committed) + ", live " + shortly(live));
    }

    private static String shortly(JsonNode node) {
        String text = node.isMissingNode() ? "(absent)" : node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    private static Set<String> testOnlyNames() {
        TrainingMethods registry = TrainingMethods.get();
        Set<String> names = new TreeSet<>();
        registry.methodNames().stream().filter(n -> fromTestCode(registry.method(n).orElseThrow().getClass()))
                .forEach(names::add);
        registry.strategyNames().stream().filter(n -> fromTestCode(registry.strategy(n).orElseThrow().getClass()))
                .forEach(names::add);
        return names;
    }

    private static boolean fromTestCode(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().getPath().contains("/test-classes/");
    }
}
