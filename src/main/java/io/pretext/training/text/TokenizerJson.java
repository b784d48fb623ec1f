package io.pretext.training.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of a {@link Tokenizer} (see {@link Tokenizer#toBytes}). Stateless and thread-safe. */
final class TokenizerJson {

    private static final String TYPE = "bpe";
    private static final int VERSION = 1;
    private static final String NORMALIZATION = "nfkc-lower";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TokenizerJson() {
    }

    static byte[] write(List<String> vocab, List<String> merges) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", TYPE);
        json.put("version", VERSION);
        json.put("normalization", NORMALIZATION);
        json.put("vocab", vocab);
        json.put("merges", merges);
        return JSON.writeValueAsBytes(json);
    }

    static Tokenizer read(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(Objects.requireNonNull(bytes, "bytes"));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("tokenizer bytes are not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("tokenizer bytes are not a JSON object");
        }
        expect(root, "type", TYPE);
        expect(root, "normalization", NORMALIZATION);
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new IllegalArgumentException("unsupported tokenizer version " + version + " (expected " + VERSION + ")");
        }
        return new Tokenizer(strings(root, "vocab"), strings(root, "merges"));
    }

    private static void expect(JsonNode root, String field, String value) {
        JsonNode node = root.get(field);
        if (node == null || !node.isString() || !node.stringValue().equals(value)) {
            throw new IllegalArgumentException("tokenizer field '" + field + "' is " + node + ", expected \"" + value + "\"");
        }
    }

    private static List<String> strings(JsonNode root, String field) {
        JsonNode array = root.get(field);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("tokenizer field '" + field + "' is missing or not an array");
        }
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode node : array.values()) {
            if (!node.isString()) {
                throw new IllegalArgumentException("tokenizer field '" + field + "' holds a non-string " + node);
            }
            values.add(node.stringValue());
        }
        return values;
    }
}
