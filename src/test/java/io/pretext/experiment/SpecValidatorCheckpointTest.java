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

/** The checkpoint section's cross-field rule: step checkpoints are accepted, a non-positive interval is not. */
class SpecValidatorCheckpointTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID DATASET = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private final SpecValidator validator = new SpecValidator(catalog(), JSON);

    @Test
    void a_spec_with_step_checkpoints_is_accepted() {
        assertThat(validator.validate(spec("{\"everySteps\": 50, \"keepLatest\": 2}"))).isEqualTo(Modality.IMAGE);
        assertThat(validator.validate(spec("{\"everyEpochs\": 2, \"everySteps\": 1}"))).isEqualTo(Modality.IMAGE);
    }

    @Test
    void a_step_interval_below_one_is_refused_naming_the_field() {
        for (String every : List.of("0", "-5")) {
            ValidationException error = catchThrowableOfType(ValidationException.class,
                    () -> validator.validate(spec("{\"everySteps\": " + every + "}")));

            assertThat(error).as(every).isNotNull();
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.errors()).extracting(FieldError::field).containsExactly("checkpoint.everySteps");
        }
    }

    private static ExperimentSpec spec(String checkpoint) {
        return JSON.readValue("""
                {"name": "steps", "seed": 1, "checkpoint": %s,
                 "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1}}
                """.formatted(checkpoint, DATASET), ExperimentSpec.class);
    }

    private static DatasetCatalog catalog() {
        DatasetCatalog catalog = mock(DatasetCatalog.class);
        when(catalog.get(any())).thenReturn(new DatasetInfo(DATASET, "images", Modality.IMAGE, DatasetFormat.IDX, 10,
                0, List.of(), List.of(), false, List.of(1, 8, 8), "sha", 640, Instant.EPOCH));
        return catalog;
    }
}
