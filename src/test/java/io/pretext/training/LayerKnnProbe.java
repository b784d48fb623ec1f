package io.pretext.training;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.BatchNormRecalibration;
import io.pretext.training.eval.KnnMonitor;
import io.pretext.training.method.Views;

/**
 * Which layer of a {@code cnn-flat} encoder a kNN classifier reads best (issue 14; a main, not a
 * test): kNN accuracy (the monitor's protocol, k = 200; bank: the first 20,000 labeled training
 * images, queries: the first 5,000 test images) of the flattened convolution features (3,136), the
 * dense layer before BatchNorm, after BatchNorm and after ReLU (the encoder's output, 512), for a
 * randomly initialised encoder (BatchNorm recalibrated on 5,000 clean images) and for the encoder
 * parameters in the file {@code probe.params} (a pretraining checkpoint's {@code encoder.params}).
 */
public final class LayerKnnProbe {

    private LayerKnnProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path params = Path.of(System.getProperty("probe.params"));
        DatasetReader.Images train = FashionMnist.load("train", 60_000);
        DatasetReader.Images test = FashionMnist.load("t10k", 5_000);
        float[][] stats = Normalization.statistics(train.pixels(), 1, 28, 28, IntStream.range(0, 60_000).toArray());
        Views views = new Views(new BatchAugmenter(ViewTransform.preset("strong", 28)), stats[0], stats[1]);
        TrainingData data = TrainingData.of(train);
        KnnMonitor knn = new KnnMonitor(data, IntStream.range(0, 20_000).toArray(), TrainingData.of(test),
                IntStream.range(0, 5_000).toArray());
        try (NDManager manager = NDManager.newBaseManager()) {
            for (boolean trained : new boolean[] {false, true}) {
                SequentialBlock encoder = Encoders.encoder("cnn-flat", 28);
                encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
                if (trained) {
                    try (InputStream in = Files.newInputStream(params); DataInputStream din = new DataInputStream(in)) {
                        encoder.loadParameters(manager, din);
                    }
                } else {
                    BatchNormRecalibration.recalibrate(encoder, views, data,
                            IntStream.range(0, BatchNormRecalibration.SAMPLES).toArray(), BatchNormRecalibration.BATCH,
                            manager);
                }
                List<Block> stages = new ArrayList<>(encoder.getChildren().values());
                List<Block> dense = new ArrayList<>(((SequentialBlock) stages.get(3)).getChildren().values());
                String[] names = {"flattened conv (3136)", "dense, before BatchNorm", "dense, after BatchNorm",
                    "output, after ReLU (512)"};
                for (int depth = 0; depth < 4; depth++) {
                    SequentialBlock prefix = new SequentialBlock();
                    stages.subList(0, 3).forEach(prefix::add);
                    dense.subList(0, depth).forEach(prefix::add);
                    System.out.printf(Locale.ROOT, "%s encoder, %s: kNN %.4f%n", trained ? "trained" : "random",
                            names[depth], knn.accuracy(prefix, views, manager));
                }
            }
        }
        System.exit(0);
    }
}
