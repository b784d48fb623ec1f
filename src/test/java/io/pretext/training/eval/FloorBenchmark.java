package io.pretext.training.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.DatasetSplitter;
import io.pretext.dataset.SplitSpec;
import io.pretext.training.FashionMnist;
import io.pretext.training.text.TfIdfVectorizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code pixels} floor measured the way the PIXELS job fits it (a main, not a test):
 * {@code images} — Fashion-MNIST's 60,000 training images split as a finetune would (validation
 * fraction 0.1, capped), scored on the 10,000 test images, at 10 labels per class, 1% and 10%;
 * {@code text <labeled.jsonl>} — the TF-IDF floor on bench/data/debian/labeled.jsonl (a seeded
 * 80/20 train/test split of the records, then 10% labels). Prints one JSON line per setting with
 * test accuracy and the fit's wall time.
 */
public final class FloorBenchmark {

    private FloorBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("text")) {
            text(Path.of(args[1]), args.length > 2 ? Double.parseDouble(args[2]) : 0.1);
            return;
        }
        DatasetReader.Images train = FashionMnist.load("train", 60_000);
        DatasetReader.Images test = FashionMnist.load("t10k", 10_000);
        for (SplitSpec spec : List.of(new SplitSpec(null, 10, 0.1, 0), new SplitSpec(0.01, null, 0.1, 0),
                new SplitSpec(0.1, null, 0.1, 0))) {
            DatasetSplit split = DatasetSplitter.split(train.labels(), 10, spec);
            long start = System.nanoTime();
            RawPixelBaseline floor = RawPixelBaseline.fit(train, split);
            double fit = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            int[] predicted = floor.predict(test);
            double predict = (System.nanoTime() - start) / 1e9;
            print(spec, floor.summary(), accuracy(predicted, test.labels()), floor.validationAccuracy(), fit, predict);
        }
    }

    private static void text(Path file, double fraction) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<String> texts = new ArrayList<>();
        List<String> labelNames = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode node = json.readTree(line);
            texts.add(node.get("text").asString());
            labelNames.add(node.get("label").asString());
        }
        List<String> classes = labelNames.stream().distinct().sorted().toList();
        int[] labels = labelNames.stream().mapToInt(classes::indexOf).toArray();
        // Every fifth record (by a seeded permutation) is the test set.
        int[] order = io.pretext.training.data.Shuffle.permutation(texts.size(), new java.util.Random(11));
        int[] testIdx = IntStream.range(0, order.length).filter(i -> i % 5 == 0).map(i -> order[i]).sorted().toArray();
        int[] poolIdx = IntStream.range(0, order.length).filter(i -> i % 5 != 0).map(i -> order[i]).sorted().toArray();
        DatasetReader.Texts pool = subset(texts, labels, classes, poolIdx);
        DatasetReader.Texts test = subset(texts, labels, classes, testIdx);
        SplitSpec spec = new SplitSpec(fraction, null, 0.1, 0);
        DatasetSplit split = DatasetSplitter.split(pool.labels(), classes.size(), spec);
        long start = System.nanoTime();
        TfIdfBaseline floor = TfIdfBaseline.fit(pool, split, TfIdfVectorizer.Settings.DEFAULT);
        double fit = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        int[] predicted = floor.predict(test.texts());
        double predict = (System.nanoTime() - start) / 1e9;
        Map<String, Object> summary = new LinkedHashMap<>(floor.summary());
        Confusion confusion = new Confusion(classes.size());
        for (int i = 0; i < predicted.length; i++) {
            confusion.add(test.labels()[i], predicted[i]);
        }
        summary.put("classes", classes.size());
        summary.put("testSamples", predicted.length);
        summary.put("testMacroF1", confusion.macroF1());
        print(spec, summary, accuracy(predicted, test.labels()), floor.validationAccuracy(), fit, predict);
    }

    private static DatasetReader.Texts subset(List<String> texts, int[] labels, List<String> classes, int[] indices) {
        List<String> t = new ArrayList<>();
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            t.add(texts.get(indices[i]));
            l[i] = labels[indices[i]];
        }
        return new DatasetReader.Texts(t, l, classes, "bench");
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct / (double) predicted.length;
    }

    private static void print(SplitSpec spec, Map<String, Object> summary, double test, double validation, double fit,
            double predict) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("labelFraction", spec.labelsPerClass() == null ? spec.labelFraction() : null);
        line.put("labelsPerClass", spec.labelsPerClass());
        line.putAll(summary);
        line.put("validationAccuracy", validation);
        line.put("testAccuracy", test);
        line.put("fitSeconds", fit);
        line.put("predictSeconds", predict);
        System.out.println(JsonMapper.builder().build().writeValueAsString(line));
    }
}
