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

/** {@code finetune.tuneRates}: accepted for a full finetune, refused naming the field for any other strategy. */
class SpecValidatorTuneRatesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID DATASET = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private final SpecValidator validator = new SpecValidator(catalog(), JSON);

    @Test
    void a_full_finetune_may_tune_its_rates_and_any_strategy_may_leave_them_as_given() {
        assertThat(validator.validate(spec("\"strategy\": \"full\", \"tuneRates\": true"))).isEqualTo(Modality.IMAGE);
        assertThat(validator.validate(spec("\"strategy\": \"lp-ft\", \"tuneRates\": false"))).isEqualTo(Modality.IMAGE);
    }

    @Test
    void tuning_rates_with_another_strategy_is_refused_naming_the_field() {
        // "linear" is also what a spec without a strategy gets.
        for (String strategy : List.of("\"strategy\": \"lp-ft\", ", "\"strategy\": \"linear\", ", "")) {
            ValidationException error = catchThrowableOfType(ValidationException.class,
                    () -> validator.validate(spec(strategy + "\"tuneRates\": true")));

            assertThat(error).as(strategy).isNotNull();
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.errors()).extracting(FieldError::field).containsExactly("finetune.tuneRates");
            assertThat(error.errors().get(0).message()).contains("strategy full");
        }
    }

    private static ExperimentSpec spec(String finetune) {
        return JSON.readValue("""
                {"name": "tuned", "seed": 1,
                 "finetune": {"dataset": "%s", "labelsPerClass": 2, %s}}
                """.formatted(DATASET, finetune), ExperimentSpec.class);
    }

    private static DatasetCatalog catalog() {
        DatasetCatalog catalog = mock(DatasetCatalog.class);
        when(catalog.get(any())).thenReturn(new DatasetInfo(DATASET, "images", Modality.IMAGE, DatasetFormat.IDX, 10,
                2, List.of("a", "b"), List.of(5, 5), true, List.of(1, 8, 8), "sha", 640, Instant.EPOCH));
        return catalog;
    }
}
