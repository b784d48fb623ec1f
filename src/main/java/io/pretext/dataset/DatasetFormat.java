package io.pretext.dataset;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** Upload formats, by the names clients send in {@code format}. */
public enum DatasetFormat {
    IMAGE_FOLDER_ZIP("image-folder-zip", Modality.IMAGE),
    /** Images with a {@code captions.jsonl}: an image dataset whose samples also carry captions. */
    IMAGE_TEXT_ZIP("image-text-zip", Modality.IMAGE),
    IDX("idx", Modality.IMAGE),
    CIFAR_BINARY("cifar-binary", Modality.IMAGE),
    TEXT_JSONL("text-jsonl", Modality.TEXT),
    TEXT_CSV("text-csv", Modality.TEXT),
    AUDIO_FOLDER_ZIP("audio-folder-zip", Modality.AUDIO);

    private final String value;
    private final Modality modality;

    DatasetFormat(String value, Modality modality) {
        this.value = value;
        this.modality = modality;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public Modality modality() {
        return modality;
    }

    /**
     * @throws IllegalArgumentException naming the accepted formats
     */
    public static DatasetFormat of(String value) {
        return Arrays.stream(values()).filter(f -> f.value.equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown format '" + value + "'; use one of "
                        + Arrays.stream(values()).map(DatasetFormat::value).collect(Collectors.joining(", "))));
    }
}
