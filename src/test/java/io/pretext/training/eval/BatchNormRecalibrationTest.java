package io.pretext.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.data.TrainingData;
import io.pretext.training.method.InputView;
import io.pretext.training.ops.Forward;
import org.junit.jupiter.api.Test;

class BatchNormRecalibrationTest {

    private static TrainingData images(int n, long seed) {
        byte[] pixels = new byte[n * 2 * 3 * 3];
        new Random(seed).nextBytes(pixels);
        return TrainingData.of(new DatasetReader.Images(n, 2, 3, 3, pixels, new int[0], List.of(), "test"));
    }

    private static Parameter parameter(BatchNorm norm, Parameter.Type type) {
        return norm.getDirectParameters().values().stream().filter(p -> p.getType() == type).findFirst()
                .orElseThrow();
    }

    /** Per-column mean and unbiased variance of an {@code N x F} array. */
    private static double[][] columnStatistics(float[] values, int columns) {
        int rows = values.length / columns;
        double[][] out = new double[2][columns];
        for (int c = 0; c < columns; c++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += values[r * columns + c];
            }
            double mean = sum / rows;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                squares += Math.pow(values[r * columns + c] - mean, 2);
            }
            out[0][c] = mean;
            out[1][c] = squares / (rows - 1);
        }
        return out;
    }

    @Test
    void running_statistics_become_the_statistics_of_the_data_seen() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(4).build();
            BatchNorm norm = BatchNorm.builder().build();
            SequentialBlock encoder = new SequentialBlock().add(Blocks.batchFlattenBlock()).add(linear).add(norm);
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 3, 3));
            // Stale statistics, as augmented training would leave them.
            parameter(norm, Parameter.Type.RUNNING_MEAN).getArray().addi(3f);
            parameter(norm, Parameter.Type.RUNNING_VAR).getArray().muli(7f);
            float[] gamma = parameter(norm, Parameter.Type.GAMMA).getArray().toFloatArray();
            TrainingData data = images(64, 3);
            int[] samples = IntStream.range(0, 64).toArray();

            BatchNormRecalibration.recalibrate(encoder, InputView.IDENTITY, data, samples, 64, manager);

            NDArray features = Forward.inference(new SequentialBlock().add(Blocks.batchFlattenBlock()).add(linear),
                    manager, data.batch(manager, samples, 0, 64));
            double[][] expected = columnStatistics(features.toFloatArray(), 4);
            float[] mean = parameter(norm, Parameter.Type.RUNNING_MEAN).getArray().toFloatArray();
            float[] variance = parameter(norm, Parameter.Type.RUNNING_VAR).getArray().toFloatArray();
            for (int c = 0; c < 4; c++) {
                assertThat((double) mean[c]).isCloseTo(expected[0][c], within(1e-4));
                assertThat((double) variance[c]).isCloseTo(expected[1][c], within(1e-4 * Math.max(1, expected[1][c])));
            }
            assertThat(parameter(norm, Parameter.Type.GAMMA).getArray().toFloatArray())
                    .containsExactly(gamma, within(0f));
        }
    }

    @Test
    void batches_are_averaged_cumulatively() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm norm = BatchNorm.builder().build();
            SequentialBlock encoder = new SequentialBlock().add(Blocks.batchFlattenBlock()).add(norm);
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 3, 3));
            TrainingData data = images(40, 5);
            int[] samples = IntStream.range(0, 40).toArray();

            BatchNormRecalibration.recalibrate(encoder, InputView.IDENTITY, data, samples, 20, manager);

            double[][] first = columnStatistics(data.batch(manager, samples, 0, 20).toFloatArray(), 18);
            double[][] second = columnStatistics(data.batch(manager, samples, 20, 40).toFloatArray(), 18);
            float[] mean = parameter(norm, Parameter.Type.RUNNING_MEAN).getArray().toFloatArray();
            float[] variance = parameter(norm, Parameter.Type.RUNNING_VAR).getArray().toFloatArray();
            for (int c = 0; c < 18; c++) {
                assertThat((double) mean[c]).isCloseTo((first[0][c] + second[0][c]) / 2, within(1e-4));
                assertThat((double) variance[c]).isCloseTo((first[1][c] + second[1][c]) / 2, within(1e-4));
            }
        }
    }

    @Test
    void an_encoder_without_batch_norm_is_left_alone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock encoder = new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(3).build());
            encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 3, 3));
            float[] weights = encoder.getParameters().get(0).getValue().getArray().toFloatArray();
            BatchNormRecalibration.recalibrate(encoder, InputView.IDENTITY, images(8, 1),
                    IntStream.range(0, 8).toArray(), 4, manager);
            assertThat(encoder.getParameters().get(0).getValue().getArray().toFloatArray())
                    .containsExactly(weights, within(0f));
        }
    }
}
