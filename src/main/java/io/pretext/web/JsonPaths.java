package io.pretext.web;

import java.util.ArrayDeque;
import java.util.Deque;

import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.util.TokenBufferReadContext;

/** Names a parser's position the way our errors name fields, e.g. {@code pretrain.views[0].crop}. */
final class JsonPaths {

    private JsonPaths() {
    }

    /**
     * @param context where the parser is (at the unknown field's value, outside it when it is an object or array)
     * @param bean the object being read when Jackson already built it, else anything else (e.g. its class)
     */
    static String of(TokenStreamContext context, Object bean) {
        Deque<String> segments = new ArrayDeque<>();
        TokenStreamContext c = context;
        // Records buffer unknown fields and replay them later from a token buffer whose contexts hang
        // below wherever the parser was at that moment, possibly inside the object with a stale field
        // name: resume the path at the context that holds the built object.
        while (c instanceof TokenBufferReadContext) {
            // A replayed root copies the type of the context it was made from (an array, say), but
            // what it replays are an object's fields: its name wins.
            if (c.currentName() != null) {
                segments.push(c.currentName());
            } else {
                push(segments, c);
            }
            c = c.getParent();
        }
        for (TokenStreamContext holder = c; holder != null; holder = holder.getParent()) {
            if (holder.currentValue() != null && holder.currentValue() == bean) {
                c = holder;
                break;
            }
        }
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            push(segments, c);
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append(path.length() == 0 || segment.startsWith("[") ? "" : ".").append(segment);
        }
        return path.toString();
    }

    private static void push(Deque<String> segments, TokenStreamContext c) {
        if (c.inArray()) {
            segments.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
        } else if (c.currentName() != null) {
            segments.push(c.currentName());
        }
    }
}
