package io.pretext.dataset;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a dataset's samples are. */
public enum Modality {
    IMAGE, TEXT, AUDIO;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
