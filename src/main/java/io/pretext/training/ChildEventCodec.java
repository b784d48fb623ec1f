package io.pretext.training;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place {@link ChildEvent}s become lines and lines become events, used by the child that
 * writes them and the supervisor that reads them. It has its own mapper so that both sides read
 * and write with the same settings whatever the application configures. Stateless, thread-safe.
 */
public final class ChildEventCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChildEventCodec() {
    }

    /** One line of JSON, without a line break. */
    public static String write(ChildEvent event) {
        return JSON.writerFor(ChildEvent.class).writeValueAsString(event);
    }

    /**
     * The event on {@code line}.
     *
     * @return empty for a well-formed event of a type this build does not know (a newer child)
     * @throws IllegalArgumentException if the line is not a JSON object with a textual {@code event},
     *     or a known event lacks a field or has one of the wrong type
     */
    public static Optional<ChildEvent> read(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject() || !node.path("event").isString()) {
            throw new IllegalArgumentException("not an event: " + line);
        }
        try {
            return Optional.of(JSON.treeToValue(node, ChildEvent.class));
        } catch (InvalidTypeIdException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + node.get("event").asString() + " event: "
                    + e.getMessage(), e);
        }
    }
}
