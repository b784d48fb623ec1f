package io.pretext.training.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

/**
 * L2-regularised logistic regression (LIBLINEAR's L2R_LR, one-vs-rest) fitted once per grid value of
 * C, the one most accurate on validation kept: what the dense and the sparse probe share. Each fit
 * starts from the weights of the previous grid value's (a warm-started regularisation path, as
 * LIBLINEAR's own C search does): the optimum moves little from one C to the next, and a cold start
 * at a weak regularisation on data with more features than samples (separable, so the optimum's
 * weights are large) costs the Newton solver hundreds of iterations. The path stops once
 * {@value #PATIENCE} grid values in a row validate worse than the best so far: weaker
 * regularisation from there on only fits the training rows more closely, and those last fits are
 * the slowest. Stateless.
 */
final class LiblinearGrid {

    /** LIBLINEAR's own default stopping tolerance for this solver (relative gradient norm). */
    private static final double TOLERANCE = 0.01;

    /** Grid values in a row below the best validation accuracy after which the path stops. */
    static final int PATIENCE = 2;

    static {
        Linear.disableDebugOutput();
    }

    /** The chosen model, its C and the validation accuracy per grid value (grid order; empty without validation). */
    record Choice(Model model, double c, Map<Double, Double> validationAccuracy) {
    }

    private LiblinearGrid() {
    }

    /**
     * Fits one model per {@code grid} value (in grid order, until {@link #PATIENCE} in a row validate
     * worse than the best) and keeps the most accurate on the validation rows (the smaller C on
     * ties: the stronger regularisation); with no validation rows, the grid's middle.
     */
    static Choice choose(Problem problem, Feature[][] validationRows, int[] validationLabels, double[] grid) {
        if (validationRows.length == 0) {
            double middle = grid[grid.length / 2];
            return new Choice(train(problem, middle, null), middle, Map.of());
        }
        Map<Double, Double> accuracies = new LinkedHashMap<>();
        Model best = null;
        Model previous = null;
        double bestC = Double.NaN;
        double bestAccuracy = -1;
        for (double c : grid) {
            Model model = train(problem, c, previous);
            previous = model;
            double accuracy = accuracy(model, validationRows, validationLabels);
            accuracies.put(c, accuracy);
            if (accuracy > bestAccuracy) {
                best = model;
                bestC = c;
                bestAccuracy = accuracy;
            }
            if (pathEnds(List.copyOf(accuracies.values()))) {
                break;
            }
        }
        return new Choice(best, bestC, accuracies);
    }

    /**
     * Whether a regularisation path with these validation accuracies (grid order) stops: its last
     * {@link #PATIENCE} values are all below the best of the values before them.
     */
    static boolean pathEnds(List<Double> accuracies) {
        int from = accuracies.size() - PATIENCE;
        if (from < 1) {
            return false;
        }
        double best = Collections.max(accuracies.subList(0, from));
        return accuracies.subList(from, accuracies.size()).stream().allMatch(a -> a < best);
    }

    /** @param start the model whose weights the solver starts from (same problem), or null for zeros */
    private static Model train(Problem problem, double c, Model start) {
        Parameter parameter = new Parameter(SolverType.L2R_LR, c, TOLERANCE);
        if (start != null) {
            parameter.setInitSol(start.getFeatureWeights());
        }
        return Linear.train(problem, parameter);
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
