package io.pretext.web;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Collects every unknown field of a request body instead of failing at the first, so one answer
 * can list them all. Collecting is switched on for the current thread only while a request body is
 * read ({@link #start()} … {@link #drain()}); everywhere else (stored specs, job payloads) an
 * unknown field still fails at once. Thread-safe: each thread collects into its own list.
 */
final class UnknownFields extends DeserializationProblemHandler {

    private static final ThreadLocal<List<FieldError>> COLLECTED = new ThreadLocal<>();

    /** Starts collecting for this thread, forgetting anything left from before. */
    static void start() {
        COLLECTED.set(new ArrayList<>());
    }

    /** Stops collecting for this thread; returns what was collected (empty when nothing was). */
    static List<FieldError> drain() {
        List<FieldError> collected = COLLECTED.get();
        COLLECTED.remove();
        return collected == null ? List.of() : collected;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
            ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
        List<FieldError> collected = COLLECTED.get();
        if (collected == null) {
            return false;
        }
        // At an object or array value the parser has already entered it: name the field from outside.
        var position = parser.currentToken() != null && parser.currentToken().isStructStart()
                ? parser.streamReadContext().getParent() : parser.streamReadContext();
        String field = JsonPaths.of(position, beanOrClass);
        collected.add(new FieldError(field, "unknown field" + known(deserializer)));
        parser.skipChildren();
        return true;
    }

    private static String known(ValueDeserializer<?> deserializer) {
        var names = deserializer == null ? null : deserializer.getKnownPropertyNames();
        if (names == null || names.isEmpty()) {
            return "";
        }
        return "; known fields here: " + String.join(", ", names.stream().map(Object::toString).sorted().toList());
    }
}
