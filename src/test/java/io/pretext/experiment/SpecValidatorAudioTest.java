package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetFormat;
import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.Modality;
import io.pretext.web.FieldError;
import io.pretext.web.ValidationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an audio experiment may ask for, decided at submit time: the contrastive methods, FixMatch
 * and both baselines (the {@code pixels} floor reads log-mel spectrograms), but not an image method
 * or an image encoder; each refusal a 400 naming its field.
 */
class SpecValidatorAudioTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID DATASET = UUID.fromString("00000000-0000-0000-0000-000000000002");
    /** The same words uploaded at 16 kHz: clips of another rate and length. */
    private static final UUID AT_16K = UUID.fromString("00000000-0000-0000-0000-000000000016");

    private final SpecValidator validator = new SpecValidator(catalog(), JSON);

    @Test
    void simclr_with_both_baselines_is_accepted_and_the_defaults_keep_the_pixels_floor() {
        ExperimentSpec spec = spec("\"method\": \"simclr\"", "\"strategy\": \"linear\"",
                ", \"baselines\": [\"pixels\", \"scratch\"]");
        assertThat(validator.validate(spec)).isEqualTo(Modality.AUDIO);
        ExperimentSpec defaulted = spec("\"method\": \"simclr\"", "\"strategy\": \"linear\"", "");
        assertThat(validator.validate(defaulted)).isEqualTo(Modality.AUDIO);
        assertThat(SpecDefaults.apply(defaulted).baselines()).containsExactly("pixels", "scratch");
    }

    @Test
    void an_audio_pretraining_that_names_no_encoder_gets_the_audio_encoder_not_the_methods_image_one() {
        ExperimentSpec spec = spec("\"method\": \"simclr\"", "\"strategy\": \"linear\"", "");
        Modality modality = validator.validate(spec);

        assertThat(SpecDefaults.apply(spec, null, modality).pretrain().encoder()).isEqualTo("audio-cnn");
        assertThat(SpecDefaults.apply(spec, null, Modality.IMAGE).pretrain().encoder())
                .as("the same method on images").isEqualTo("cnn-small");
    }

    @Test
    void fixmatch_is_accepted_for_clips() {
        assertThat(validator.validate(spec("\"method\": \"simclr\"", "\"strategy\": \"fixmatch\"", "")))
                .isEqualTo(Modality.AUDIO);
    }

    @Test
    void an_image_method_and_an_image_encoder_are_refused_naming_their_fields() {
        assertThat(refused(spec("\"method\": \"rotation\"", "\"strategy\": \"linear\"", "")))
                .containsExactly("pretrain.method");
        assertThat(refused(spec("\"method\": \"simclr\", \"encoder\": \"resnet20\"", "\"strategy\": \"linear\"", "")))
                .containsExactly("pretrain.encoder");
    }

    @Test
    void datasets_whose_clips_differ_in_rate_or_length_are_refused_naming_the_field() {
        ExperimentSpec spec = JSON.readValue("""
                {"name": "words", "pretrain": {"dataset": "%1$s", "method": "simclr"},
                 "finetune": {"dataset": "%2$s", "strategy": "linear", "labelsPerClass": 5},
                 "evaluate": {"datasets": ["%1$s", "%2$s"]}}
                """.formatted(DATASET, AT_16K), ExperimentSpec.class);

        ValidationException error = catchThrowableOfType(ValidationException.class, () -> validator.validate(spec));

        assertThat(error.errors()).extracting(FieldError::field)
                .containsExactly("finetune.dataset", "evaluate.datasets[1]");
        assertThat(error.errors().get(0).message()).contains("16000 samples at 16000 Hz", "6400 samples at 8000 Hz");
    }

    private List<String> refused(ExperimentSpec spec) {
        ValidationException error = catchThrowableOfType(ValidationException.class, () -> validator.validate(spec));
        assertThat(error).isNotNull();
        assertThat(error.status()).isEqualTo(400);
        return error.errors().stream().map(FieldError::field).toList();
    }

    private static ExperimentSpec spec(String method, String strategy, String baselines) {
        return JSON.readValue("""
                {"name": "words", "seed": 1,
                 "pretrain": {"dataset": "%1$s", %2$s, "epochs": 1},
                 "finetune": {"dataset": "%1$s", %3$s, "labelsPerClass": 5}%4$s}
                """.formatted(DATASET, method, strategy, baselines), ExperimentSpec.class);
    }

    private static DatasetCatalog catalog() {
        DatasetCatalog catalog = mock(DatasetCatalog.class);
        when(catalog.get(any())).thenReturn(new DatasetInfo(DATASET, "words", Modality.AUDIO,
                DatasetFormat.AUDIO_FOLDER_ZIP, 60, 3, List.of("no", "up", "yes"), List.of(20, 20, 20), true,
                List.of(8000, 6400), "sha", 640, Instant.EPOCH));
        when(catalog.get(AT_16K)).thenReturn(new DatasetInfo(AT_16K, "words-16k", Modality.AUDIO,
                DatasetFormat.AUDIO_FOLDER_ZIP, 60, 3, List.of("no", "up", "yes"), List.of(20, 20, 20), true,
                List.of(16000, 16000), "sha16", 640, Instant.EPOCH));
        return catalog;
    }
}
