package io.pretext.training.clip;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code clip} method's own settings, in the style of the spec's pretrain section: every field
 * is optional in a spec and non-null after {@link #withDefaults()}. The tokenizer's size, the
 * caption length and the text tower's shape are the pretrain section's {@code vocabSize},
 * {@code maxLength} and {@code transformer}, as for {@code mlm}. Immutable.
 *
 * @param projection the shared embedding width both towers project to (default 128)
 * @param temperature the initial softmax temperature: the learnt logit scale starts at
 *     {@code log(1 / temperature)} (default 0.07, as CLIP) and is clamped to [0, log 100]
 * @param imageEncoderFrom the experiment whose image encoder the image tower starts from (its
 *     architecture and normalisation come with it); null for a randomly initialised tower
 * @param textEncoderFrom the experiment whose text encoder, tokenizer and shape the text tower
 *     starts from; null for a random tower and a tokenizer learnt from the captions
 * @param freezeImage whether the image encoder is locked (LiT: its weights and BatchNorm
 *     statistics stay as loaded; its projection still learns); needs {@code imageEncoderFrom}
 * @param freezeText whether the text encoder is locked likewise; needs {@code textEncoderFrom}
 * @param promptTemplates zero-shot prompts, each with one {@code {}} where the class name goes
 *     (default {@code ["a photo of a {}"]})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClipSettings(Integer projection, Double temperature, UUID imageEncoderFrom, UUID textEncoderFrom,
        Boolean freezeImage, Boolean freezeText, List<String> promptTemplates) {

    public static final int PROJECTION = 128;
    public static final double TEMPERATURE = 0.07;
    public static final List<String> PROMPT_TEMPLATES = List.of("a photo of a {}");

    /** Every field left out filled with its default. */
    public ClipSettings withDefaults() {
        return new ClipSettings(projection == null ? PROJECTION : projection,
                temperature == null ? TEMPERATURE : temperature, imageEncoderFrom, textEncoderFrom,
                freezeImage != null && freezeImage, freezeText != null && freezeText,
                promptTemplates == null ? PROMPT_TEMPLATES : List.copyOf(promptTemplates));
    }

    /**
     * Checks settings after {@link #withDefaults()}; the message names the field under {@code path}
     * (e.g. {@code pretrain}).
     *
     * @throws IllegalArgumentException for a non-positive projection, a temperature outside
     *     [0.01, 1], a frozen tower that starts from nothing, or a template without exactly one {@code {}}
     */
    public void validate(String path) {
        if (projection < 1) {
            throw new IllegalArgumentException(path + ".projection must be positive, was " + projection);
        }
        if (!(temperature >= 0.01 && temperature <= 1)) {
            throw new IllegalArgumentException(path + ".temperature must be in [0.01, 1], was " + temperature);
        }
        if (freezeImage && imageEncoderFrom == null) {
            throw new IllegalArgumentException(path + ".freezeImage needs " + path + ".imageEncoderFrom: "
                    + "a locked random image encoder learns nothing");
        }
        if (freezeText && textEncoderFrom == null) {
            throw new IllegalArgumentException(path + ".freezeText needs " + path + ".textEncoderFrom: "
                    + "a locked random text encoder learns nothing");
        }
        if (promptTemplates.isEmpty()) {
            throw new IllegalArgumentException(path + ".promptTemplates must not be empty");
        }
        for (int i = 0; i < promptTemplates.size(); i++) {
            String template = promptTemplates.get(i);
            if (template == null || template.indexOf("{}") < 0 || template.indexOf("{}") != template.lastIndexOf("{}")) {
                throw new IllegalArgumentException(path + ".promptTemplates[" + i + "] must hold {} exactly once");
            }
        }
    }
}
