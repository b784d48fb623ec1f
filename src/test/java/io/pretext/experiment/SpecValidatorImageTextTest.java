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
 * An {@code image-text-zip} dataset is an image dataset with captions: the image methods and a
 * labelled finetune take it, a text method is refused naming {@code pretrain.method}.
 */
class SpecValidatorImageTextTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID DATASET = UUID.fromString("00000000-0000-0000-0000-00000000c11b");

    private final SpecValidator validator = new SpecValidator(catalog(), JSON);

    @Test
    void an_image_method_and_a_labelled_finetune_take_a_captioned_image_dataset() {
        assertThat(validator.validate(spec("simclr"))).isEqualTo(Modality.IMAGE);
    }

    @Test
    void a_text_method_is_refused_naming_the_method() {
        ValidationException error = catchThrowableOfType(ValidationException.class,
                () -> validator.validate(spec("mlm")));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errors()).extracting(FieldError::field).contains("pretrain.method");
        assertThat(error.errors()).extracting(FieldError::message).anyMatch(m -> m.contains("image dataset"));
    }

    private static ExperimentSpec spec(String method) {
        return JSON.readValue("""
                {"name": "icons", "seed": 1,
                 "pretrain": {"dataset": "%1$s", "method": "%2$s", "epochs": 1},
                 "finetune": {"dataset": "%1$s", "strategy": "linear", "labelsPerClass": 2}}
                """.formatted(DATASET, method), ExperimentSpec.class);
    }

    private static DatasetCatalog catalog() {
        DatasetCatalog catalog = mock(DatasetCatalog.class);
        when(catalog.get(any())).thenReturn(new DatasetInfo(DATASET, "icons", Modality.IMAGE,
                DatasetFormat.IMAGE_TEXT_ZIP, 30, 3, List.of("Game", "Office", "Utility"), List.of(10, 10, 10), true,
                List.of(3, 64, 64), "sha", 4096, Instant.EPOCH, 45));
        return catalog;
    }
}
