package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pretext.experiment.ExperimentSpec.Pretrain;
import io.pretext.training.PretrainingMethod;
import io.pretext.training.TrainingMethods;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SpecDefaultsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATASET = "00000000-0000-0000-0000-000000000001";

    @Test
    void every_registered_methods_defaults_encoder_and_augmentation_reach_the_spec() {
        for (PretrainingMethod method : TrainingMethods.get().methods()) {
            Pretrain filled = pretrain("{\"method\": \"%s\"}".formatted(method.name()));
            JsonNode tree = JSON.valueToTree(filled);

            assertThat(filled.encoder()).as(method.name()).isEqualTo(method.defaultEncoder());
            assertThat(filled.augmentation()).as(method.name()).isEqualTo(method.defaultAugmentation());
            method.defaults().forEach((field, value) -> assertThat(tree.get(field)).as(method.name() + "." + field)
                    .isEqualTo(JSON.valueToTree(value)));
        }
    }

    @Test
    void a_method_gets_only_its_own_settings() {
        Pretrain rotation = pretrain("{\"method\": \"rotation\"}");
        Pretrain moco = pretrain("{\"method\": \"moco\"}");

        assertThat(rotation.temperature()).isNull();
        assertThat(rotation.momentum()).isNull();
        assertThat(rotation.transformer()).isNull();
        assertThat(moco.temperature()).isEqualTo(0.2);
        assertThat(moco.queueSize()).isEqualTo(4096);
        assertThat(moco.momentum()).isEqualTo(0.99);
        assertThat(moco.vocabSize()).isNull();
    }

    @Test
    void what_the_user_gave_wins_field_by_field_inside_sections() {
        Pretrain moco = pretrain("{\"method\": \"moco\", \"queueSize\": 64, \"encoder\": \"resnet20\"}");
        Pretrain mlm = pretrain("{\"method\": \"mlm\", \"maxLength\": 32, \"transformer\": {\"layers\": 2}}");

        assertThat(moco.queueSize()).isEqualTo(64);
        assertThat(moco.encoder()).isEqualTo("resnet20");
        assertThat(moco.momentum()).isEqualTo(0.99);
        assertThat(mlm.maxLength()).isEqualTo(32);
        assertThat(mlm.vocabSize()).isEqualTo(8000);
        assertThat(mlm.transformer()).isEqualTo(new ExperimentSpec.Transformer(2, 128, 4, 512));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gradual-unfreeze:30:10", "gradual-unfreeze:2:1", "linear:30:"})
    void gradual_unfreezing_defaults_to_a_third_of_the_epochs(String strategyEpochsExpected) {
        String[] parts = strategyEpochsExpected.split(":", -1);
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "finetune": {"dataset": "%s", "strategy": "%s", "epochs": %s}}"""
                .formatted(DATASET, parts[0], parts[1]), ExperimentSpec.class));

        assertThat(spec.finetune().unfreezeEvery()).isEqualTo(parts[2].isEmpty() ? null : Integer.valueOf(parts[2]));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-|-|pixels,scratch|scratch", "\"none\"|-|-|none", "\"scratch\"|-|scratch|scratch",
        "-|[\"scratch\", \"pixels\", \"pixels\"]|pixels,scratch|scratch", "-|[\"pixels\"]|pixels|none",
        "-|[]|-|none"})
    void baselines_come_from_baselines_or_the_older_baseline_and_default_to_both(String givenExpected) {
        String[] parts = givenExpected.split("\\|");
        String optional = (parts[0].equals("-") ? "" : ", \"baseline\": " + parts[0])
                + (parts[1].equals("-") ? "" : ", \"baselines\": " + parts[1]);
        ExperimentSpec spec = SpecDefaults.apply(JSON.readValue("""
                {"name": "b", "finetune": {"dataset": "%s"}%s}""".formatted(DATASET, optional), ExperimentSpec.class));

        assertThat(spec.baselines()).containsExactly(parts[2].equals("-") ? new String[0] : parts[2].split(","));
        assertThat(spec.baseline()).isEqualTo(parts[3]);
    }

    @Test
    void fixmatch_gets_the_papers_settings_a_step_budget_and_the_pretraining_images() {
        String other = "00000000-0000-0000-0000-000000000002";
        ExperimentSpec withPretrain = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "pretrain": {"dataset": "%s", "method": "simclr"},
                 "finetune": {"dataset": "%s", "strategy": "fixmatch", "fixmatch": {"mu": 3}}}"""
                .formatted(other, DATASET), ExperimentSpec.class));
        ExperimentSpec alone = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "finetune": {"dataset": "%s", "strategy": "fixmatch", "steps": 50}}"""
                .formatted(DATASET), ExperimentSpec.class));
        ExperimentSpec linear = SpecDefaults.apply(JSON.readValue("""
                {"name": "f", "finetune": {"dataset": "%s"}}""".formatted(DATASET), ExperimentSpec.class));

        assertThat(withPretrain.finetune().fixmatch()).isEqualTo(new ExperimentSpec.FixMatch(other, 3, 0.95, 1.0, 0.999));
        assertThat(withPretrain.finetune().steps()).isEqualTo(1000);
        assertThat(alone.finetune().fixmatch().unlabeledDataset()).isEqualTo(DATASET);
        assertThat(alone.finetune().steps()).isEqualTo(50);
        assertThat(linear.finetune().fixmatch()).isNull();
        assertThat(linear.finetune().steps()).isNull();
    }

    private static Pretrain pretrain(String section) {
        String withDataset = section.replaceFirst("\\{", "{\"dataset\": \"" + DATASET + "\", ");
        return SpecDefaults.apply(JSON.readValue("{\"name\": \"d\", \"pretrain\": " + withDataset + "}",
                ExperimentSpec.class)).pretrain();
    }
}
