package io.pretext.training.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.pretext.training.ops.Forward;
import org.junit.jupiter.api.Test;

class EncodersTest {

    @Test
    void cnn_flat_keeps_layout_and_ends_in_normalised_features() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock encoder = Encoders.encoder("cnn-flat", 28);
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            NDArray features = Forward.training(encoder, manager, manager.randomNormal(new Shape(8, 1, 28, 28)));
            assertThat(features.getShape()).isEqualTo(new Shape(8, Encoders.FLAT_FEATURES));
            // BatchNorm then ReLU: non-negative, and half of each feature's batch is zero on average.
            assertThat(features.min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(encoder.getOutputShapes(new Shape[] {new Shape(3, 1, 28, 28)})[0])
                    .isEqualTo(new Shape(3, Encoders.FLAT_FEATURES));
        }
    }

    @Test
    void gradual_unfreezing_of_cnn_flat_starts_with_its_dense_layer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StagedEncoder staged = new StagedEncoder(Encoders.encoder("cnn-flat", 28));
            staged.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            // conv stage, conv stage, flatten, dense: the last stage is the dense layer alone.
            assertThat(staged.layers()).isEqualTo(4);
            assertThat(staged.lastStage()).isEqualTo(3);
        }
    }

    @Test
    void every_listed_encoder_builds_for_28_pixel_images() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String name : Encoders.NAMES) {
                SequentialBlock encoder = Encoders.encoder(name, 28);
                encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
                NDArray features = Forward.inference(encoder, manager, manager.randomNormal(new Shape(2, 1, 28, 28)));
                assertThat(features.getShape().dimension()).as(name).isEqualTo(2);
            }
        }
    }

    @Test
    void every_audio_encoder_maps_a_log_mel_spectrogram_batch_to_features() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String name : Encoders.AUDIO_NAMES) {
                SequentialBlock encoder = Encoders.encoder(name, 40);
                Shape spectrograms = new Shape(2, 1, 40, 98);
                encoder.initialize(manager, DataType.FLOAT32, spectrograms);
                NDArray features = Forward.inference(encoder, manager, manager.randomNormal(spectrograms));
                assertThat(features.getShape()).as(name)
                        .isEqualTo(new Shape(2, name.equals("audio-cnn") ? 128 : 64));
                assertThat(features.toFloatArray()).as(name).doesNotContain(Float.NaN);
            }
        }
    }
}
