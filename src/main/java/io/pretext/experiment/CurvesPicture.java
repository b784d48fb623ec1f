package io.pretext.experiment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.pretext.job.JobProgress.MetricPoint;
import io.pretext.job.JobView;
import io.pretext.training.JobKind;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@code curves.png} from an experiment's jobs and metric points: the pretraining's
 * (contrastive) loss and the finetuning (classification) losses on separate panels, then an
 * accuracy panel with each arm's validation curve, the pretraining's kNN curve, the {@code pixels}
 * floor dashed and each arm's test accuracy marked at its last epoch. One colour per arm in every
 * panel ({@link ArmColors}); titles carry the experiment's name. Stateless.
 */
final class CurvesPicture {

    static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 340;

    private CurvesPicture() {
    }

    /**
     * @param testDataset the name to show for the first evaluation dataset (or its id), null when none
     * @param testAccuracy each trained arm's test accuracy on that dataset, by the trained job's id
     */
    static BufferedImage draw(String experimentName, List<JobView> jobs, List<MetricPoint> points, String testDataset,
            Map<UUID, Double> testAccuracy) {
        Map<UUID, JobView> byId = new LinkedHashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        List<BufferedImage> panels = new ArrayList<>();
        XYChart pretraining = chart(experimentName + ": pretraining loss (self-supervised)", "loss");
        if (lines(pretraining, byId, points, "loss", kind -> kind == JobKind.PRETRAIN, "")) {
            panels.add(BitmapEncoder.getBufferedImage(pretraining));
        }
        XYChart finetuning = chart(experimentName + ": classification loss", "cross-entropy");
        if (lines(finetuning, byId, points, "loss", kind -> kind != JobKind.PRETRAIN, "")) {
            panels.add(BitmapEncoder.getBufferedImage(finetuning));
        }
        XYChart accuracy = chart(experimentName + ": accuracy" + (testDataset == null ? ""
                : " (markers: test accuracy on " + testDataset + ")"), "accuracy");
        lines(accuracy, byId, points, "validationAccuracy", kind -> true, " validation");
        lines(accuracy, byId, points, "knnAccuracy", kind -> true, " kNN");
        int last = lastEpoch(accuracy);
        floor(accuracy, byId, points, last);
        tests(accuracy, byId, testAccuracy, last);
        panels.add(BitmapEncoder.getBufferedImage(accuracy));
        BufferedImage all = new BufferedImage(WIDTH, panels.stream().mapToInt(BufferedImage::getHeight).sum(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        int y = 0;
        for (BufferedImage panel : panels) {
            g.drawImage(panel, 0, y, null);
            y += panel.getHeight();
        }
        g.dispose();
        return all;
    }

    /** Adds one line per job of the kinds wanted that reported {@code metric} per epoch; true if any. */
    private static boolean lines(XYChart chart, Map<UUID, JobView> jobs, List<MetricPoint> points, String metric,
            java.util.function.Predicate<JobKind> kinds, String suffix) {
        Map<UUID, List<MetricPoint>> byJob = new LinkedHashMap<>();
        for (MetricPoint point : points) {
            JobView job = jobs.get(point.jobId());
            // Epoch 0 holds a finished job's final numbers, not a point of its curve.
            if (job != null && point.epoch() > 0 && point.name().equals(metric) && kinds.test(job.kind())) {
                byJob.computeIfAbsent(point.jobId(), k -> new ArrayList<>()).add(point);
            }
        }
        byJob.forEach((id, series) -> {
            JobKind kind = jobs.get(id).kind();
            XYSeries line = chart.addSeries(unique(chart, ArmColors.arm(kind) + suffix),
                    series.stream().map(p -> (double) p.epoch()).toList(), series.stream().map(MetricPoint::value).toList());
            line.setLineColor(ArmColors.of(kind));
            line.setMarkerColor(ArmColors.of(kind));
            line.setMarker(metric.equals("knnAccuracy") ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
            if (metric.equals("knnAccuracy")) {
                line.setLineStyle(SeriesLines.DOT_DOT);
            }
        });
        return !byJob.isEmpty();
    }

    /** The pixels floor (no epochs) as a dashed line at its validation accuracy across the curves' epochs. */
    private static void floor(XYChart chart, Map<UUID, JobView> jobs, List<MetricPoint> points, int last) {
        for (MetricPoint p : points) {
            JobView job = jobs.get(p.jobId());
            if (job != null && job.kind() == JobKind.PIXELS && p.epoch() == 0 && p.name().equals("validationAccuracy")
                    && last >= 1) {
                XYSeries line = chart.addSeries(unique(chart, "pixels floor (validation)"),
                        List.of(1.0, (double) Math.max(2, last)), List.of(p.value(), p.value()));
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(ArmColors.PIXELS);
                line.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
    }

    /** Each trained arm's test accuracy as a diamond at the last epoch of the curves. */
    private static void tests(XYChart chart, Map<UUID, JobView> jobs, Map<UUID, Double> testAccuracy, int last) {
        double x = Math.max(1, last);
        testAccuracy.forEach((id, value) -> {
            JobView job = jobs.get(id);
            if (job == null || value == null) {
                return;
            }
            XYSeries marker = chart.addSeries(unique(chart, ArmColors.arm(job.kind()) + " test " + percent(value)),
                    List.of(x), List.of(value));
            marker.setMarker(SeriesMarkers.DIAMOND);
            marker.setMarkerColor(ArmColors.of(job.kind()));
            marker.setLineStyle(SeriesLines.NONE);
        });
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private static int lastEpoch(XYChart chart) {
        return chart.getSeriesMap().values().stream().mapToInt(s -> (int) s.getXMax()).max().orElse(0);
    }

    /** XChart needs distinct series names: a second line of the same arm gets a number. */
    private static String unique(XYChart chart, String name) {
        Set<String> taken = new HashSet<>(chart.getSeriesMap().keySet());
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }

    private static XYChart chart(String title, String yAxis) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yAxis).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setYAxisDecimalPattern("0.###");
        return chart;
    }

    /** The trained job an evaluation scored, if it scored one. */
    static Optional<JobView> evaluated(List<JobView> jobs, JobView evaluation) {
        return jobs.stream().filter(j -> evaluation.dependsOn().contains(j.id())
                && (j.kind() == JobKind.FINETUNE || j.kind() == JobKind.SCRATCH)).findFirst();
    }
}
