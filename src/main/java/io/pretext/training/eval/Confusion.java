package io.pretext.training.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A confusion matrix being filled, and the scores it gives: top-1 accuracy, per-class F1 and
 * macro-F1 (the unweighted mean of per-class F1 over classes present or predicted). Not thread-safe.
 */
public final class Confusion {

    private final long[][] counts;
    private long total;
    private long correct;

    public Confusion(int classes) {
        this.counts = new long[classes][classes];
    }

    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
        total++;
        if (actual == predicted) {
            correct++;
        }
    }

    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** F1 of each class; NaN for a class never present and never predicted. */
    double[] f1() {
        int n = counts.length;
        double[] f1 = new double[n];
        for (int c = 0; c < n; c++) {
            long actual = 0;
            long predicted = 0;
            for (int k = 0; k < n; k++) {
                actual += counts[c][k];
                predicted += counts[k][c];
            }
            f1[c] = actual + predicted == 0 ? Double.NaN : 2.0 * counts[c][c] / (actual + predicted);
        }
        return f1;
    }

    public double macroF1() {
        double sum = 0;
        int counted = 0;
        for (double f : f1()) {
            if (!Double.isNaN(f)) {
                sum += f;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    long[][] matrix() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Everything, for a report: accuracy, macroF1, perClassF1 by name, confusion (rows = actual). */
    public Map<String, Object> report(List<String> classes) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("samples", total);
        report.put("accuracy", accuracy());
        report.put("macroF1", macroF1());
        Map<String, Double> perClass = new LinkedHashMap<>();
        double[] f1 = f1();
        for (int c = 0; c < f1.length; c++) {
            perClass.put(classes.get(c), Double.isNaN(f1[c]) ? null : f1[c]);
        }
        report.put("perClassF1", perClass);
        report.put("confusion", matrix());
        return report;
    }
}
