package io.pretext.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

/**
 * L2-regularised logistic regression (LIBLINEAR's L2R_LR, one-vs-rest) fitted once per grid value of
 * C, the one most accurate on validation kept: what the dense and the sparse probe share. Stateless.
 */
final class LiblinearGrid {

    /** LIBLINEAR's own default stopping tolerance for this solver (relative gradient norm). */
    private static final double TOLERANCE = 0.01;

    static {
        Linear.disableDebugOutput();
    }

    /** The chosen model, its C and the validation accuracy per grid value (grid order; empty without validation). */
    record Choice(Model model, double c, Map<Double, Double> validationAccuracy) {
    }

    private LiblinearGrid() {
    }

    /**
     * Fits one model per {@code grid} value and keeps the most accurate on the validation rows (the
     * smaller C on ties: the stronger regularisation); with no validation rows, the grid's middle.
     */
    static Choice choose(Problem problem, Feature[][] validationRows, int[] validationLabels, double[] grid) {
        if (validationRows.length == 0) {
            double middle = grid[grid.length / 2];
            return new Choice(train(problem, middle), middle, Map.of());
        }
        Map<Double, Double> accuracies = new LinkedHashMap<>();
        Model best = null;
        double bestC = Double.NaN;
        double bestAccuracy = -1;
        for (double c : grid) {
            Model model = train(problem, c);
            double accuracy = accuracy(model, validationRows, validationLabels);
            accuracies.put(c, accuracy);
            if (accuracy > bestAccuracy) {
                best = model;
                bestC = c;
                bestAccuracy = accuracy;
            }
        }
        return new Choice(best, bestC, accuracies);
    }

    private static Model train(Problem problem, double c) {
        return Linear.train(problem, new Parameter(SolverType.L2R_LR, c, TOLERANCE));
    }

    /** The fraction of {@code rows} predicted as {@code labels}; 0 for no rows. */
    static double accuracy(Model model, Feature[][] rows, int[] labels) {
        if (rows.length == 0) {
            return 0;
        }
        int correct = 0;
        for (int i = 0; i < rows.length; i++) {
            if ((int) Linear.predict(model, rows[i]) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / rows.length;
    }
}
