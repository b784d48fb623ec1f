package io.pretext.training.eval;

import java.util.List;
import java.util.Map;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Problem;

/**
 * L2-regularised logistic regression (one-vs-rest, LIBLINEAR) on sparse features used as they are
 * (no standardisation, which would make them dense): the {@code pixels} floor for text, on TF-IDF
 * rows. The inverse regularisation {@code C} is chosen on a validation set as in
 * {@link LogisticProbe}. Deterministic for the same inputs. Immutable and thread-safe once fitted.
 */
public final class SparseLogisticProbe {

    /**
     * Inverse L2 strengths tried. L2-normalised TF-IDF rows have small entries, so useful values sit
     * higher than for standardised features.
     */
    public static final double[] DEFAULT_GRID = {0.1, 1, 10, 100, 1000};

    private static final double TOLERANCE = 0.01;

    private final Model model;
    private final int dimension;
    private final double c;
    private final Map<Double, Double> validationAccuracy;

    private SparseLogisticProbe(Model model, int dimension, double c, Map<Double, Double> validationAccuracy) {
        this.model = model;
        this.dimension = dimension;
        this.c = c;
        this.validationAccuracy = validationAccuracy;
    }

    /**
     * Fits one model per {@code grid} value and keeps the one most accurate on {@code validation}
     * (the smaller C on ties); with no validation samples, the middle of the grid.
     *
     * @param dimension the number of features; every index is below it
     * @param trainLabels class index per training sample
     */
    public static SparseLogisticProbe fit(List<SparseVector> train, int[] trainLabels, List<SparseVector> validation,
            int[] validationLabels, int dimension, double[] grid) {
        if (train.isEmpty() || train.size() != trainLabels.length || validation.size() != validationLabels.length) {
            throw new IllegalArgumentException("a probe needs as many labels as samples and at least one sample");
        }
        Problem problem = new Problem();
        problem.l = train.size();
        problem.n = dimension + 1;
        problem.bias = 1;
        problem.x = rows(train, dimension);
        problem.y = java.util.Arrays.stream(trainLabels).asDoubleStream().toArray();
        LiblinearGrid.Choice choice = LiblinearGrid.choose(problem, rows(validation, dimension), validationLabels, grid);
        return new SparseLogisticProbe(choice.model(), dimension, choice.c(), choice.validationAccuracy());
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

    /** The predicted class of one sample. */
    public int predict(SparseVector features) {
        return (int) Linear.predict(model, row(features, dimension));
    }



    private static Feature[][] rows(List<SparseVector> vectors, int dimension) {
        Feature[][] rows = new Feature[vectors.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(vectors.get(i), dimension);
        }
        return rows;
    }

    /** LIBLINEAR's 1-based indices, with the bias feature last (index dimension + 1, value 1). */
    private static Feature[] row(SparseVector vector, int dimension) {
        int[] indices = vector.indices();
        Feature[] row = new Feature[indices.length + 1];
        for (int j = 0; j < indices.length; j++) {
            if (indices[j] >= dimension) {
                throw new IllegalArgumentException("feature " + indices[j] + " is outside " + dimension);
            }
            row[j] = new FeatureNode(indices[j] + 1, vector.values()[j]);
        }
        row[indices.length] = new FeatureNode(dimension + 1, 1);
        return row;
    }
}
