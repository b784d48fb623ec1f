package io.pretext.security;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an API key may do: {@code read} (GET), {@code write} (other methods), {@code admin}
 * (/v1/admin), {@code metrics} (/actuator, for scrapers: its labels name every tenant's models).
 */
public enum Scope {
    READ, WRITE, ADMIN, METRICS;

    /** The scope's name in JSON and in the database, e.g. {@code read}. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority that carries this scope, e.g. {@code SCOPE_read}. */
    public String authority() {
        return "SCOPE_" + value();
    }

    /**
     * Parses {@code read}, {@code write}, {@code admin} or {@code metrics} (any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    @JsonCreator
    public static Scope of(String value) {
        return Arrays.stream(values()).filter(s -> s.value().equalsIgnoreCase(value == null ? "" : value.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown scope '" + value + "'; use read, write, admin or metrics"));
    }
}
