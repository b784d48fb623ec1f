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
 * What an image–text ({@code clip}) pretraining may ask for: a dataset with captions, its own
 * fields only with it, a temperature the clamped logit scale can reach and a labeled zero-shot
 * dataset of the same image shape, test sets it can score without labels; each refusal a 400 naming
 * its field.
 */
class SpecValidatorClipTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID PAIRS = UUID.fromString("00000000-0000-0000-0000-00000000c11b");
    private static final UUID IMAGES = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID UNLABELED = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final UUID LARGER = UUID.fromString("00000000-0000-0000-0000-000000000003");

    private final SpecValidator validator = new SpecValidator(catalog(), JSON);

    @Test
    void clip_on_captioned_images_is_accepted_and_gets_its_defaults() {
        ExperimentSpec spec = spec(PAIRS, "\"method\": \"clip\", \"zeroShotDataset\": \"" + IMAGES + "\"");

        assertThat(validator.validate(spec)).isEqualTo(Modality.IMAGE);
        ExperimentSpec.Pretrain defaulted = SpecDefaults.apply(spec, null, Modality.IMAGE).pretrain();
        assertThat(defaulted.projection()).isEqualTo(128);
        assertThat(defaulted.temperature()).isEqualTo(0.07);
        assertThat(defaulted.promptTemplates()).containsExactly("a photo of a {}");
        assertThat(defaulted.vocabSize()).isEqualTo(8000);
        assertThat(defaulted.maxLength()).isEqualTo(32);
        assertThat(defaulted.augmentation()).isEqualTo("weak");
        assertThat(defaulted.zeroShotDataset()).isEqualTo(IMAGES.toString());
    }

    @Test
    void an_empty_prompt_list_as_generated_clients_send_it_means_not_given() {
        assertThat(validator.validate(spec(PAIRS, "\"method\": \"simclr\", \"promptTemplates\": []")))
                .isEqualTo(Modality.IMAGE);
        ExperimentSpec clip = spec(PAIRS, "\"method\": \"clip\", \"promptTemplates\": []");
        assertThat(SpecDefaults.apply(clip, null, Modality.IMAGE).pretrain().promptTemplates())
                .containsExactly("a photo of a {}");
    }

    @Test
    void clip_on_images_without_captions_is_refused_naming_the_dataset() {
        ValidationException error = refusal(spec(IMAGES, "\"method\": \"clip\""));

        assertThat(error.errors()).extracting(FieldError::field).containsExactly("pretrain.dataset");
        assertThat(error.errors().get(0).message()).contains("has no captions", "image-text-zip");
    }

    @Test
    void clip_fields_with_another_method_are_refused_naming_each() {
        ValidationException error = refusal(spec(PAIRS, "\"method\": \"simclr\", \"projection\": 64, "
                + "\"promptTemplates\": [\"a {}\"], \"zeroShotDataset\": \"" + IMAGES + "\""));

        assertThat(error.errors()).extracting(FieldError::field)
                .containsExactly("pretrain.projection", "pretrain.promptTemplates", "pretrain.zeroShotDataset");
    }

    @Test
    void a_text_shape_with_another_image_method_is_refused_naming_each_field() {
        assertThat(refusal(spec(PAIRS, "\"method\": \"simclr\", \"vocabSize\": 500, \"maxLength\": 16"))
                .errors()).extracting(FieldError::field).containsExactly("pretrain.vocabSize", "pretrain.maxLength");
    }

    @Test
    void tower_sources_and_locks_with_another_method_and_a_lock_without_its_source_are_refused() {
        String experiment = "00000000-0000-0000-0000-0000000000e1";
        assertThat(refusal(spec(PAIRS, "\"method\": \"simclr\", \"imageEncoderFrom\": \"" + experiment
                + "\", \"freezeText\": true")).errors()).extracting(FieldError::field)
                .containsExactly("pretrain.imageEncoderFrom", "pretrain.freezeText");
        assertThat(refusal(spec(PAIRS, "\"method\": \"clip\", \"freezeImage\": true, \"freezeText\": true, "
                + "\"textEncoderFrom\": \"" + experiment + "\"")).errors()).extracting(FieldError::field)
                .containsExactly("pretrain.freezeImage");
    }

    @Test
    void a_temperature_beyond_the_clamp_and_a_bad_zero_shot_dataset_are_refused() {
        assertThat(refusal(spec(PAIRS, "\"method\": \"clip\", \"temperature\": 2.0")).errors())
                .extracting(FieldError::field).containsExactly("pretrain.temperature");
        assertThat(refusal(spec(PAIRS, "\"method\": \"clip\", \"zeroShotDataset\": \"" + UNLABELED + "\"")).errors())
                .extracting(FieldError::message).singleElement().asString().contains("labeled images");
        assertThat(refusal(spec(PAIRS, "\"method\": \"clip\", \"zeroShotDataset\": \"" + LARGER + "\"")).errors())
                .extracting(FieldError::message).singleElement().asString().contains("shape [3, 16, 16]");
    }

    @Test
    void a_clip_model_is_evaluated_on_captioned_or_labeled_images_of_its_shape_only() {
        assertThat(validator.validate(withEvaluation(PAIRS, IMAGES))).as("pairs: retrieval; labeled: zero-shot")
                .isEqualTo(Modality.IMAGE);

        ValidationException error = refusal(withEvaluation(UNLABELED, LARGER));

        assertThat(error.errors()).extracting(FieldError::field)
                .containsExactly("evaluate.datasets[0]", "evaluate.datasets[1]");
        assertThat(error.errors().get(0).message()).contains("labeled or captioned images");
        assertThat(error.errors().get(1).message()).contains("shape [3, 16, 16]");
    }

    private static ExperimentSpec withEvaluation(UUID first, UUID second) {
        return JSON.readValue("""
                {"name": "pairs", "seed": 1, "pretrain": {"dataset": "%s", "method": "clip", "epochs": 1},
                 "evaluate": {"datasets": ["%s", "%s"]}}
                """.formatted(PAIRS, first, second), ExperimentSpec.class);
    }

    private ValidationException refusal(ExperimentSpec spec) {
        ValidationException error = catchThrowableOfType(ValidationException.class, () -> validator.validate(spec));
        assertThat(error).isNotNull();
        assertThat(error.status()).isEqualTo(400);
        return error;
    }

    private static ExperimentSpec spec(UUID dataset, String fields) {
        return JSON.readValue("""
                {"name": "pairs", "seed": 1, "pretrain": {"dataset": "%s", %s, "epochs": 1}}
                """.formatted(dataset, fields), ExperimentSpec.class);
    }

    private static DatasetCatalog catalog() {
        DatasetCatalog catalog = mock(DatasetCatalog.class);
        when(catalog.get(any())).thenReturn(images(IMAGES, true, 8, 0));
        when(catalog.get(PAIRS)).thenReturn(images(PAIRS, false, 8, 40));
        when(catalog.get(UNLABELED)).thenReturn(images(UNLABELED, false, 8, 0));
        when(catalog.get(LARGER)).thenReturn(images(LARGER, true, 16, 0));
        return catalog;
    }

    private static DatasetInfo images(UUID id, boolean labeled, int side, int captions) {
        return new DatasetInfo(id, "d" + id.toString().substring(30), Modality.IMAGE,
                captions > 0 ? DatasetFormat.IMAGE_TEXT_ZIP : DatasetFormat.IMAGE_FOLDER_ZIP, 20,
                labeled ? 2 : 0, labeled ? List.of("cat", "dog") : List.of(), labeled ? List.of(10, 10) : List.of(),
                labeled, List.of(3, side, side), "sha", 640, Instant.EPOCH, captions);
    }
}
