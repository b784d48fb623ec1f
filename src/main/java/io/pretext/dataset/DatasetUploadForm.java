package io.pretext.dataset;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart parts of {@code POST /v1/datasets} as the OpenAPI document describes them; the
 * controller reads the same parts itself. Only a description: never instantiated.
 */
@Schema(name = "DatasetUpload", description = "The parts of a dataset upload (multipart/form-data)")
record DatasetUploadForm(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", format = "binary",
                description = "The data: a zip of class folders (images or WAV clips), a zip of images with a "
                        + "captions.jsonl (image-text-zip), IDX images, CIFAR binary batches, JSON lines or CSV")
        String file,
        @Schema(type = "string", format = "binary", description = "IDX labels, for the idx format")
        String labels,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 200,
                description = "A name for the dataset")
        String name,
        @Schema(description = "The format; detected from the content when absent")
        DatasetFormat format,
        @Schema(minimum = "8", maximum = "1024",
                description = "Resize images to this square size (image-folder-zip, image-text-zip)")
        Integer imageSize,
        @Schema(description = "Comma-separated class names in label-index order (idx, cifar-binary)")
        String classes,
        @Schema(description = "Which file of a CIFAR archive to read (default train)")
        UploadSplit split,
        @Schema(minimum = "4000", maximum = "48000", defaultValue = "16000",
                description = "audio-folder-zip: resample every clip to this rate, in Hz")
        Integer sampleRate,
        @Schema(minimum = "100", maximum = "10000", defaultValue = "1000",
                description = "audio-folder-zip: cut or pad every clip to this duration, in milliseconds")
        Integer durationMs) {

    /** The half of a CIFAR archive to read. */
    enum UploadSplit {
        TRAIN, TEST;

        @JsonValue
        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
