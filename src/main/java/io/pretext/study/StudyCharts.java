package io.pretext.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetInfo;
import io.pretext.experiment.Experiments;
import io.pretext.job.JobProgress;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.springframework.stereotype.Component;

/**
 * Draws {@code chart.png}: on top, headline test accuracy against labels per class (log scale), one
 * line per arm with ± std error bars over seeds, the {@code pixels} floor dashed; below, the
 * pretraining's kNN accuracy per epoch from the random initialisation at epoch 0 (with the raw-input
 * kNN as a dashed reference when measured). A fraction budget is placed at its mean labels per class in the pool. Thread-safe.
 */
@Component
class StudyCharts {

    static final int WIDTH = 900;
    static final int TOP_HEIGHT = 500;
    static final int BOTTOM_HEIGHT = 340;

    private final StudyService studies;
    private final Experiments experiments;
    private final DatasetCatalog datasets;

    StudyCharts(StudyService studies, Experiments experiments, DatasetCatalog datasets) {
        this.studies = studies;
        this.experiments = experiments;
        this.datasets = datasets;
    }

    byte[] png(UUID id) throws IOException {
        StudyService.Loaded study = studies.load(id);
        StudyResults results = StudyTables.results(study, StudyViews.view(study));
        BufferedImage image = new BufferedImage(WIDTH, TOP_HEIGHT + BOTTOM_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.drawImage(accuracy(study, results), 0, 0, null);
        g.drawImage(knn(study), 0, TOP_HEIGHT, null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private BufferedImage accuracy(StudyService.Loaded study, StudyResults results) {
        StudySpec spec = study.spec();
        DatasetInfo pool = datasets.get(UUID.fromString(spec.labeled()));
        double perClass = pool.numSamples() / (double) Math.max(1, pool.numClasses());
        String headline = datasets.get(UUID.fromString(spec.test().get(0))).name();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(TOP_HEIGHT)
                .title(spec.name() + ": test accuracy on " + headline + " (mean ± std over seeds)")
                .xAxisTitle("labeled examples per class (log scale)").yAxisTitle("test accuracy").build();
        style(chart);
        List<Double> allX = new ArrayList<>();
        double low = 1;
        double high = 0;
        for (String arm : spec.arms().stream().distinct().toList()) {
            List<double[]> points = new ArrayList<>(); // x, mean, std
            for (int b = 0; b < spec.budgets().size(); b++) {
                StudySpec.Budget budget = spec.budgets().get(b);
                double x = budget.labelsPerClass() != null ? budget.labelsPerClass() : budget.labelFraction() * perClass;
                results.cells().stream().filter(c -> c.arm().equals(arm) && c.test().equals(results.headline())
                        && c.metric().equals("accuracy") && c.budget().equals(budget.label()) && c.mean() != null)
                        .findFirst().ifPresent(c -> points.add(new double[] {x, c.mean(), c.std() == null ? 0 : c.std()}));
            }
            if (points.isEmpty()) {
                continue;
            }
            points.sort(Comparator.comparingDouble(p -> p[0]));
            for (double[] p : points) {
                allX.add(p[0]);
                low = Math.min(low, p[1] - p[2]);
                high = Math.max(high, p[1] + p[2]);
            }
            XYSeries series = chart.addSeries(arm, points.stream().map(p -> p[0]).toList(),
                    points.stream().map(p -> p[1]).toList(), points.stream().map(p -> p[2]).toList());
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineWidth(2.5f);
            if (arm.equals(StudyPlanner.PIXELS)) {
                series.setLineStyle(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                        new float[] {10, 6}, 0));
                series.setLineColor(Color.GRAY);
                series.setMarkerColor(Color.GRAY);
            }
        }
        if (allX.isEmpty()) {
            return placeholder(WIDTH, TOP_HEIGHT, "Test accuracy: no finished experiments yet");
        }
        // A log axis needs a spread of x; one budget is drawn on a plain axis.
        boolean logarithmic = allX.stream().distinct().count() > 1;
        chart.getStyler().setXAxisLogarithmic(logarithmic);
        chart.setXAxisTitle("labeled examples per class" + (logarithmic ? " (log scale)" : ""));
        // Room below the lowest point for each budget's name, since log ticks mark decades only.
        double span = Math.max(high - low, 0.05);
        double bottom = Math.max(0, low - 0.12 * span);
        chart.getStyler().setYAxisMin(bottom);
        chart.getStyler().setYAxisMax(Math.min(1, high + 0.04 * span));
        for (StudySpec.Budget budget : spec.budgets()) {
            double x = budget.labelsPerClass() != null ? budget.labelsPerClass() : budget.labelFraction() * perClass;
            String name = budget.labelsPerClass() != null ? budget.labelsPerClass() + "/class"
                    : budget.label().replace("pct", "%") + String.format(java.util.Locale.ROOT, " (~%.0f/class)", x);
            chart.addAnnotation(new AnnotationText(name, x, bottom + 0.05 * span, false));
        }
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        return BitmapEncoder.getBufferedImage(chart);
    }

    private BufferedImage knn(StudyService.Loaded study) {
        UUID pretraining = study.links().stream().filter(l -> l.run().pretraining()).map(StudyStore.Link::experimentId)
                .findFirst().orElse(study.spec().encoderFrom() == null ? null : UUID.fromString(study.spec().encoderFrom()));
        List<JobProgress.MetricPoint> knn = pretraining == null ? List.of()
                : experiments.metrics(pretraining, "knnAccuracy");
        if (knn.isEmpty()) {
            return placeholder(WIDTH, BOTTOM_HEIGHT, "Pretraining kNN accuracy: not measured yet");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(BOTTOM_HEIGHT)
                .title("Pretraining: kNN accuracy of the encoder on the test set, per epoch")
                .xAxisTitle("pretraining epoch").yAxisTitle("kNN accuracy").build();
        style(chart);
        XYSeries curve = chart.addSeries("encoder kNN (0: random init)",
                knn.stream().map(p -> (double) p.epoch()).toList(),
                knn.stream().map(JobProgress.MetricPoint::value).toList());
        curve.setMarker(SeriesMarkers.CIRCLE);
        curve.setLineWidth(2.5f);
        experiments.metrics(pretraining, "knnPixelAccuracy").stream().findFirst().ifPresent(p -> {
            double first = knn.get(0).epoch();
            double last = Math.max(first + 1, knn.get(knn.size() - 1).epoch());
            XYSeries pixels = chart.addSeries("raw-input kNN", List.of(first, last), List.of(p.value(), p.value()));
            pixels.setMarker(SeriesMarkers.NONE);
            pixels.setLineStyle(SeriesLines.DASH_DASH);
            pixels.setLineColor(Color.GRAY);
        });
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void style(XYChart chart) {
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    private static BufferedImage placeholder(int width, int height, String text) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        g.drawString(text, 40, height / 2);
        g.dispose();
        return image;
    }
}
