package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import io.pretext.training.TrainingMethods;
import io.pretext.training.method.ToyFlipMethod;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RegisteredNameValidatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATASET = "00000000-0000-0000-0000-000000000001";
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void unknown_names_are_refused_with_the_registrys_names_and_the_field() {
        Map<String, String> errors = violations("""
                {"name": "x", "pretrain": {"dataset": "%1$s", "method": "magic", "encoder": "vit"},
                 "finetune": {"dataset": "%1$s", "strategy": "sometimes"}}""");

        assertThat(errors).containsOnlyKeys("pretrain.method", "pretrain.encoder", "finetune.strategy");
        assertThat(errors.get("pretrain.method")).isEqualTo("must be one of "
                + String.join(", ", TrainingMethods.get().methodNames()))
                .startsWith("must be one of simclr, moco, byol, rotation, mlm, clip, vicreg");
        assertThat(errors.get("pretrain.encoder"))
                .isEqualTo("must be one of cnn-small, cnn-flat, resnet20, resnet32, resnet18, transformer-mini, audio-cnn, audio-resnet20");
        assertThat(errors.get("finetune.strategy")).isEqualTo("must be one of linear, full, gradual-unfreeze, lp-ft, fixmatch");
    }

    @Test
    void registered_and_reserved_names_pass_so_that_the_spec_validator_can_give_the_reason() {
        for (String method : new String[] {"simclr", "mlm", "clip", ToyFlipMethod.NAME, "supervised"}) {
            assertThat(violations("""
                    {"name": "x", "pretrain": {"dataset": "%1$s", "method": "%2$s", "encoder": "resnet18"},
                     "finetune": {"dataset": "%1$s", "strategy": "gradual-unfreeze"}}""".replace("%2$s", method)))
                    .as(method).isEmpty();
        }
    }

    private static Map<String, String> violations(String spec) {
        ExperimentSpec parsed = JSON.readValue(spec.replace("%1$s", DATASET), ExperimentSpec.class);
        return VALIDATOR.validate(parsed).stream().collect(Collectors.toMap(
                (ConstraintViolation<ExperimentSpec> v) -> v.getPropertyPath().toString(),
                ConstraintViolation::getMessage));
    }
}
