package io.pretext.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The tokenizer size, text length and encoder shape of a text model trained without a pretrained
 * encoder (the payload's {@code text} section): the experiment's pretraining settings, so that the
 * scratch baseline matches the pretrained model. All non-null after {@link JobPayload#parse}. Immutable.
 *
 * @param vocabSize subwords the tokenizer learns
 * @param maxLength tokens per text, longer texts are cut
 * @param transformer the encoder's shape
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextShape(Integer vocabSize, Integer maxLength, TransformerShape transformer) {

    void validate(String path) {
        JobPayload.required(vocabSize, path + ".vocabSize");
        JobPayload.required(maxLength, path + ".maxLength");
        JobPayload.required(transformer, path + ".transformer").validate(path + ".transformer");
    }
}
