package io.pretext.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import io.pretext.dataset.Modality;
import io.pretext.training.method.FullStrategy;
import io.pretext.training.method.GradualUnfreezeStrategy;
import io.pretext.training.method.LinearStrategy;
import io.pretext.training.method.RotationMethod;
import io.pretext.training.method.ToyFlipMethod;
import org.junit.jupiter.api.Test;

class TrainingMethodsTest {

    private final TrainingMethods registry = TrainingMethods.get();

    @Test
    void the_built_in_methods_come_first_and_a_service_on_the_classpath_is_discovered() {
        assertThat(registry.methodNames()).startsWith("simclr", "moco", "byol", "rotation", "mlm", "clip", "vicreg")
                .contains(ToyFlipMethod.NAME).doesNotContain("supervised");
        assertThat(registry.method(ToyFlipMethod.NAME)).get().isInstanceOf(ToyFlipMethod.class);
        assertThat(registry.strategyNames()).containsExactly("linear", "full", "gradual-unfreeze", "lp-ft", "fixmatch");
    }

    @Test
    void each_method_declares_its_modality_defaults_encoder_and_augmentation() {
        assertThat(registry.method("simclr")).get().satisfies(m -> {
            assertThat(m.modality()).isEqualTo(Modality.IMAGE);
            assertThat(m.defaults()).containsExactly(Map.entry("temperature", 0.2));
            assertThat(m.defaultEncoder()).isEqualTo("cnn-small");
            assertThat(m.defaultAugmentation()).isEqualTo("strong");
        });
        assertThat(registry.method("moco").orElseThrow().defaults())
                .containsOnly(Map.entry("temperature", 0.2), Map.entry("queueSize", 4096), Map.entry("momentum", 0.99));
        assertThat(registry.method("byol").orElseThrow().defaults()).containsOnly(Map.entry("momentum", 0.99));
        assertThat(registry.method("rotation").orElseThrow().defaults()).isEmpty();
        assertThat(registry.method("vicreg").orElseThrow().defaults()).isEmpty();
        assertThat(registry.method("mlm")).get().satisfies(m -> {
            assertThat(m.modality()).isEqualTo(Modality.TEXT);
            assertThat(m.defaults()).containsEntry("vocabSize", 8000).containsEntry("maxLength", 128)
                    .containsEntry("transformer", Map.of("layers", 4, "width", 128, "heads", 4, "feedForward", 512));
            assertThat(m.defaultEncoder()).isEqualTo("transformer-mini");
            assertThat(m.defaultAugmentation()).isEqualTo("none");
        });
    }

    @Test
    void encoders_belong_to_one_modality_whose_default_comes_first() {
        assertThat(TrainingMethods.encoders()).containsExactly("cnn-small", "cnn-flat", "resnet20", "resnet32", "resnet18",
                "transformer-mini", "audio-cnn", "audio-resnet20");
        assertThat(TrainingMethods.defaultEncoder(Modality.TEXT)).isEqualTo("transformer-mini");
        assertThat(TrainingMethods.defaultEncoder(Modality.AUDIO)).isEqualTo("audio-cnn");
        assertThat(TrainingMethods.encoderModality("audio-cnn")).contains(Modality.AUDIO);
        assertThat(TrainingMethods.defaultEncoder(Modality.IMAGE)).isEqualTo("cnn-small");
        assertThat(TrainingMethods.encoderModality("resnet18")).contains(Modality.IMAGE);
        assertThat(TrainingMethods.encoderModality("transformer-mini")).contains(Modality.TEXT);
        assertThat(TrainingMethods.encoderModality("vit")).isEmpty();
    }

    @Test
    void supervised_is_reserved_with_its_reason() {
        assertThat(TrainingMethods.reserved("supervised")).get().asString().contains("baseline: scratch");
        assertThat(TrainingMethods.reserved("simclr")).isEmpty();
        assertThat(registry.method("supervised")).isEmpty();
    }

    @Test
    void a_name_twice_a_reserved_name_a_malformed_name_or_a_foreign_encoder_is_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TrainingMethods(
                List.of(new RotationMethod(), new RotationMethod()), List.of())).withMessageContaining("twice");
        assertThatIllegalArgumentException().isThrownBy(() -> new TrainingMethods(
                List.of(named("supervised", "cnn-small")), List.of())).withMessageContaining("reserved");
        assertThatIllegalArgumentException().isThrownBy(() -> new TrainingMethods(
                List.of(named("Bad Name", "cnn-small")), List.of())).withMessageContaining("lower-case");
        assertThatIllegalArgumentException().isThrownBy(() -> new TrainingMethods(
                List.of(named("odd", "transformer-mini")), List.of())).withMessageContaining("not one of the image encoders");
        assertThatIllegalArgumentException().isThrownBy(() -> new TrainingMethods(
                List.of(), List.of(new FullStrategy(), new FullStrategy()))).withMessageContaining("twice");
    }

    @Test
    void strategies_say_which_encoder_layers_train_in_each_epoch() {
        int layers = 9;
        int lastStage = 6;
        assertThat(new LinearStrategy().firstTrainable(5, 2, layers, lastStage)).isEqualTo(layers);
        assertThat(new FullStrategy().firstTrainable(1, 2, layers, lastStage)).isZero();
        GradualUnfreezeStrategy gradual = new GradualUnfreezeStrategy();
        assertThat(List.of(1, 2, 3, 4, 5)).map(epoch -> gradual.firstTrainable(epoch, 2, layers, lastStage))
                .containsExactly(layers, layers, lastStage, lastStage, 0);
        assertThat(gradual.defaultUnfreezeEvery(20)).isEqualTo(6);
        assertThat(gradual.defaultUnfreezeEvery(2)).isEqualTo(1);
        assertThat(new LinearStrategy().defaultUnfreezeEvery(20)).isNull();
    }

    private static PretrainingMethod named(String name, String encoder) {
        return new PretrainingMethod() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Modality modality() {
                return Modality.IMAGE;
            }

            @Override
            public String defaultEncoder() {
                return encoder;
            }
        };
    }
}
