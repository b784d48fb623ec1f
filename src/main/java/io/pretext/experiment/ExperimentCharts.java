package io.pretext.experiment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.pretext.job.JobProgress;
import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.JobKind;
import io.pretext.web.NotFoundException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Draws an experiment's pictures: {@code curves.png} (loss and accuracies per epoch, one line per
 * job; the {@code pixels} floor, which has no epochs, as a flat line at its validation accuracy) and {@code embeddings.png} (the t-SNE of test embeddings its evaluation computed, coloured by
 * class). Thread-safe.
 */
@Component
class ExperimentCharts {

    private static final int WIDTH = 900;

    private final ExperimentService experiments;
    private final JobProgress progress;
    private final ArtifactStore store;
    private final JsonMapper json;

    ExperimentCharts(ExperimentService experiments, JobProgress progress, ArtifactStore store, JsonMapper json) {
        this.experiments = experiments;
        this.progress = progress;
        this.store = store;
        this.json = json;
    }

    byte[] curves(UUID id) throws IOException {
        List<JobView> jobs = experiments.get(id).jobs();
        List<UUID> ids = jobs.stream().map(JobView::id).toList();
        Map<UUID, String> names = new LinkedHashMap<>();
        jobs.forEach(j -> names.put(j.id(), j.kind().name().toLowerCase()));
        XYChart loss = chart("Training loss", "loss");
        addSeries(loss, progress.metrics(ids, "loss"), names, "");
        XYChart accuracy = chart("Accuracy", "accuracy");
        addSeries(accuracy, progress.metrics(ids, "validationAccuracy"), names, " validation");
        addSeries(accuracy, progress.metrics(ids, "knnAccuracy"), names, " kNN");
        addFloor(accuracy, jobs, progress.metrics(ids, "validationAccuracy"));
        BufferedImage top = org.knowm.xchart.BitmapEncoder.getBufferedImage(loss);
        BufferedImage bottom = org.knowm.xchart.BitmapEncoder.getBufferedImage(accuracy);
        BufferedImage both = new BufferedImage(WIDTH, top.getHeight() + bottom.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(top, 0, 0, null);
        g.drawImage(bottom, 0, top.getHeight(), null);
        g.dispose();
        return png(both);
    }

    byte[] embeddings(UUID id) throws IOException {
        List<JobView> jobs = experiments.get(id).jobs();
        JsonNode embedding = null;
        // The finetuned model's evaluation first, then the baseline's.
        for (JobKind kind : List.of(JobKind.FINETUNE, JobKind.SCRATCH)) {
            for (JobView job : jobs) {
                if (embedding == null && job.kind() == JobKind.EVALUATE && job.state() == JobState.SUCCEEDED
                        && evaluates(jobs, job, kind)) {
                    embedding = report(job.id()).get("embedding");
                }
            }
        }
        if (embedding == null || embedding.isNull()) {
            throw new NotFoundException("Embeddings of experiment", id + " (no finished evaluation yet)");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(WIDTH).title("t-SNE of "
                + embedding.get("points").size() + " embeddings of dataset " + embedding.get("dataset").asString())
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        JsonNode classes = embedding.get("classes");
        JsonNode labels = embedding.get("labels");
        JsonNode points = embedding.get("points");
        for (int c = 0; c < classes.size(); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (labels.get(i).asInt() == c) {
                    xs.add(points.get(i).get(0).asDouble());
                    ys.add(points.get(i).get(1).asDouble());
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(classes.get(c).asString(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return png(org.knowm.xchart.BitmapEncoder.getBufferedImage(chart));
    }

    private static boolean evaluates(List<JobView> jobs, JobView evaluation, JobKind kind) {
        return jobs.stream().anyMatch(j -> j.kind() == kind && evaluation.dependsOn().contains(j.id()));
    }

    private JsonNode report(UUID evaluationJob) throws IOException {
        try (InputStream in = store.get(ArtifactLayout.evaluationReport(evaluationJob))) {
            return json.readTree(in);
        }
    }

    private static XYChart chart(String title, String yAxis) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(420).title(title).xAxisTitle("epoch")
                .yAxisTitle(yAxis).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static void addSeries(XYChart chart, List<JobProgress.MetricPoint> points, Map<UUID, String> names,
            String suffix) {
        Map<UUID, List<JobProgress.MetricPoint>> byJob = new LinkedHashMap<>();
        for (JobProgress.MetricPoint point : points) {
            if (point.epoch() > 0) { // epoch 0 holds a finished job's final numbers
                byJob.computeIfAbsent(point.jobId(), k -> new ArrayList<>()).add(point);
            }
        }
        byJob.forEach((job, series) -> chart.addSeries(names.get(job) + suffix + " " + job.toString().substring(0, 8),
                series.stream().map(p -> (double) p.epoch()).toList(), series.stream().map(JobProgress.MetricPoint::value)
                        .toList()));
    }

    /** The pixels floor's validation accuracy across the epochs the other lines span. */
    private static void addFloor(XYChart chart, List<JobView> jobs, List<JobProgress.MetricPoint> validation) {
        int last = chart.getSeriesMap().values().stream().mapToInt(s -> (int) s.getXMax()).max().orElse(0);
        for (JobView job : jobs) {
            if (job.kind() != JobKind.PIXELS || last < 1) {
                continue;
            }
            validation.stream().filter(p -> p.jobId().equals(job.id()) && p.epoch() == 0).findFirst()
                    .ifPresent(p -> chart.addSeries("pixels validation " + job.id().toString().substring(0, 8),
                            List.of(1.0, (double) Math.max(2, last)), List.of(p.value(), p.value()))
                            .setMarker(SeriesMarkers.NONE));
        }
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
