package io.pretext.training.eval;

import java.util.Arrays;
import java.util.Map;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Problem;

/**
 * L2-regularised logistic regression (one-vs-rest, LIBLINEAR's trust-region Newton solver, run to
 * convergence) on standardised features, with the regularisation chosen on a validation set: how
 * practitioners fit a linear probe on frozen features, and the {@code pixels} floor on raw inputs.
 * Deterministic for the same inputs. Immutable and thread-safe once fitted.
 */
public final class LogisticProbe {

    /** Inverse L2 strengths tried, {@code C = 1/λ} in LIBLINEAR's scaling (per-sample loss summed). */
    public static final double[] DEFAULT_GRID = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    /** The logit of a class the probe never saw in training: far below any fitted one. */
    public static final float ABSENT = -1e4f;

    private final Standardizer standardizer;
    private final Model model;
    private final double c;
    private final Map<Double, Double> validationAccuracy;

    private LogisticProbe(Standardizer standardizer, Model model, double c, Map<Double, Double> validationAccuracy) {
        this.standardizer = standardizer;
        this.model = model;
        this.c = c;
        this.validationAccuracy = validationAccuracy;
    }

    /**
     * Fits one model per {@code grid} value on {@code train} (warm-started along the grid, which stops
     * early once values in a row validate worse than the best) and keeps the one most accurate on
     * {@code validation} (the smaller C on ties: the stronger regularisation). With no validation
     * samples the middle of the grid is used.
     *
     * @param train features per sample, all the same length; at least one sample of two classes
     * @param trainLabels class index per training sample, in {@code [0, classes)}
     * @param validation features per validation sample (may be empty)
     */
    public static LogisticProbe fit(float[][] train, int[] trainLabels, float[][] validation, int[] validationLabels,
            double[] grid) {
        if (train.length == 0 || train.length != trainLabels.length || validation.length != validationLabels.length) {
            throw new IllegalArgumentException("a probe needs as many labels as samples and at least one sample");
        }
        Standardizer standardizer = Standardizer.of(train);
        Problem problem = problem(standardizer, train, trainLabels);
        Feature[][] validationRows = rows(standardizer, validation);
        LiblinearGrid.Choice choice = LiblinearGrid.choose(problem, validationRows, validationLabels, grid);
        return new LogisticProbe(standardizer, choice.model(), choice.c(), choice.validationAccuracy());
    }

    /** The chosen inverse regularisation strength. */
    public double c() {
        return c;
    }

    /**
     * Validation accuracy per grid value tried, in grid order (the path stops early once values in a
     * row validate worse than the best, see {@link LiblinearGrid}); empty without validation samples.
     */
    public Map<Double, Double> validationAccuracy() {
        return validationAccuracy;
    }

    /** The predicted class of one sample (features as in training, before standardisation). */
    public int predict(float[] features) {
        return (int) Linear.predict(model, row(standardizer, features));
    }

    /** The fraction of {@code features} predicted as {@code labels}; 0 for no samples. */
    public double accuracy(float[][] features, int[] labels) {
        return LiblinearGrid.accuracy(model, rows(standardizer, features), labels);
    }

    /**
     * The fitted model as logits of the raw (unstandardised) features, ready for a linear layer:
     * class {@code k}'s logit is {@code Σ_j weight[k][j]·x_j + bias[k]}, the standardisation
     * folded in ({@code w' = w/σ}, {@code b' = b − Σ w·μ/σ}). For three or more classes these are
     * LIBLINEAR's one-vs-rest decision values (their argmax is {@link #predict}); for two, the
     * single decision value {@code d} becomes {@code (d/2, −d/2)}, whose softmax is the fitted
     * probability. A class absent from the training labels gets a logit of {@value #ABSENT}.
     *
     * @param classes the number of classes, at least every label seen in training plus one
     */
    public Logits logits(int classes) {
        int d = standardizer.mean().length;
        float[][] weight = new float[classes][d];
        float[] bias = new float[classes];
        Arrays.fill(bias, ABSENT);
        int[] labels = model.getLabels();
        double scale = model.getNrClass() == 2 ? 0.5 : 1.0;
        for (int i = 0; i < labels.length; i++) {
            int k = labels[i];
            if (k < 0 || k >= classes) {
                throw new IllegalArgumentException("label " + k + " is not below " + classes + " classes");
            }
            // The bias feature (d + 1, value 1, see row()) is past nr_feature: LIBLINEAR reports its weight here.
            double b = model.getDecfunBias(i) * scale;
            for (int j = 0; j < d; j++) {
                double w = model.getDecfunCoef(j + 1, i) * scale / standardizer.std()[j];
                weight[k][j] = (float) w;
                b -= w * standardizer.mean()[j];
            }
            bias[k] = (float) b;
        }
        return new Logits(weight, bias);
    }

    /**
     * A linear map from features to class logits.
     *
     * @param weight {@code classes x features}
     * @param bias one per class
     */
    public record Logits(float[][] weight, float[] bias) {
    }



    private static Problem problem(Standardizer standardizer, float[][] features, int[] labels) {
        Problem problem = new Problem();
        problem.l = features.length;
        problem.n = features[0].length + 1;
        problem.bias = 1;
        problem.x = rows(standardizer, features);
        problem.y = Arrays.stream(labels).asDoubleStream().toArray();
        return problem;
    }

    private static Feature[][] rows(Standardizer standardizer, float[][] features) {
        Feature[][] rows = new Feature[features.length][];
        for (int i = 0; i < features.length; i++) {
            rows[i] = row(standardizer, features[i]);
        }
        return rows;
    }

    /** A dense row with LIBLINEAR's bias feature last (index d + 1, value 1). */
    private static Feature[] row(Standardizer standardizer, float[] features) {
        double[] z = standardizer.apply(features);
        Feature[] row = new Feature[z.length + 1];
        for (int j = 0; j < z.length; j++) {
            row[j] = new FeatureNode(j + 1, z[j]);
        }
        row[z.length] = new FeatureNode(z.length + 1, 1);
        return row;
    }

    /** Per-feature standardisation with the training set's mean and standard deviation. */
    private record Standardizer(double[] mean, double[] std) {

        static Standardizer of(float[][] features) {
            int d = features[0].length;
            double[] mean = new double[d];
            double[] sq = new double[d];
            for (float[] row : features) {
                if (row.length != d) {
                    throw new IllegalArgumentException("samples have " + d + " and " + row.length + " features");
                }
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j];
                    sq[j] += (double) row[j] * row[j];
                }
            }
            double[] std = new double[d];
            for (int j = 0; j < d; j++) {
                mean[j] /= features.length;
                double variance = sq[j] / features.length - mean[j] * mean[j];
                // A constant feature carries nothing; dividing by 1 keeps it at 0 instead of NaN.
                std[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
            }
            return new Standardizer(mean, std);
        }

        double[] apply(float[] row) {
            if (row.length != mean.length) {
                throw new IllegalArgumentException("expected " + mean.length + " features, got " + row.length);
            }
            double[] z = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                z[j] = (row[j] - mean[j]) / std[j];
            }
            return z;
        }
    }
}
