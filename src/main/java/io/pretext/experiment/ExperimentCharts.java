package io.pretext.experiment;

import java.awt.Color;
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
import io.pretext.security.CurrentTenant;
import io.pretext.storage.ArtifactNotFoundException;
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
 * Draws an experiment's pictures: {@code curves.png} ({@link CurvesPicture}) and {@code embeddings.png}
 * (the t-SNE of test embeddings its evaluation computed, coloured by class, naming the test set and
 * the encoder), and a clip model's {@code retrieval.png} (drawn by its evaluation). Thread-safe.
 */
@Component
class ExperimentCharts {

    private static final int WIDTH = 900;

    private final ExperimentService experiments;
    private final JobProgress progress;
    private final ArtifactStore store;
    private final JsonMapper json;

    private final EvaluationDatasetNames names;
    private final CurrentTenant currentTenant;

    ExperimentCharts(ExperimentService experiments, JobProgress progress, ArtifactStore store, JsonMapper json,
            EvaluationDatasetNames names, CurrentTenant currentTenant) {
        this.names = names;
        this.currentTenant = currentTenant;
        this.experiments = experiments;
        this.progress = progress;
        this.store = store;
        this.json = json;
    }

    byte[] curves(UUID id) throws IOException {
        ExperimentView experiment = experiments.get(id);
        List<JobView> jobs = experiment.jobs();
        List<JobProgress.MetricPoint> points = progress.metrics(jobs.stream().map(JobView::id).toList(), null);
        String test = experiment.spec().evaluate() == null || experiment.spec().evaluate().datasets().isEmpty() ? null
                : experiment.spec().evaluate().datasets().get(0);
        Map<UUID, Double> testAccuracy = new LinkedHashMap<>();
        if (test != null) {
            for (JobView evaluation : jobs) {
                if (evaluation.kind() != JobKind.EVALUATE) {
                    continue;
                }
                CurvesPicture.evaluated(jobs, evaluation).ifPresent(trained -> points.stream()
                        .filter(p -> p.jobId().equals(evaluation.id()) && p.epoch() == 0
                                && p.name().equals("accuracy/" + test))
                        .forEach(p -> testAccuracy.put(trained.id(), p.value())));
            }
        }
        return png(CurvesPicture.draw(experiment.name(), jobs, points, test == null ? null : datasetName(test),
                testAccuracy));
    }

    private String datasetName(String id) {
        String name = names.nameOf(currentTenant.id(), id);
        return name == null ? id : name;
    }

    byte[] embeddings(UUID id) throws IOException {
        List<JobView> jobs = experiments.get(id).jobs();
        JsonNode embedding = null;
        String encoder = null;
        // The finetuned model's evaluation first, then the baseline's, then a clip model's own.
        for (JobKind kind : List.of(JobKind.FINETUNE, JobKind.SCRATCH, JobKind.PRETRAIN)) {
            for (JobView job : jobs) {
                if (embedding == null && job.kind() == JobKind.EVALUATE && job.state() == JobState.SUCCEEDED
                        && evaluates(jobs, job, kind)) {
                    embedding = report(job.id()).get("embedding");
                    encoder = ArmColors.arm(kind);
                }
            }
        }
        if (embedding == null || embedding.isNull()) {
            throw new NotFoundException("Embeddings of experiment", id + " (no finished evaluation yet)");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(WIDTH).title(experiments.get(id).name() + ": t-SNE of "
                + embedding.get("points").size() + " " + datasetName(embedding.get("dataset").asString())
                + " images embedded by the " + encoder + " encoder").build();
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

    /** The picture of text-to-image search a clip model's evaluation drew. */
    byte[] retrieval(UUID id) throws IOException {
        List<JobView> jobs = experiments.get(id).jobs();
        for (JobView job : jobs) {
            if (job.kind() == JobKind.EVALUATE && job.state() == JobState.SUCCEEDED
                    && evaluates(jobs, job, JobKind.PRETRAIN)) {
                try (InputStream in = store.get(ArtifactLayout.retrievalPicture(job.id()))) {
                    return in.readAllBytes();
                } catch (ArtifactNotFoundException none) {
                    // Evaluated on labeled test sets only: zero-shot, no retrieval.
                }
            }
        }
        throw new NotFoundException("Retrieval picture of experiment", id
                + " (none until a clip model's evaluation on a captioned dataset finished)");
    }

    private static boolean evaluates(List<JobView> jobs, JobView evaluation, JobKind kind) {
        return jobs.stream().anyMatch(j -> j.kind() == kind && evaluation.dependsOn().contains(j.id()));
    }

    private JsonNode report(UUID evaluationJob) throws IOException {
        try (InputStream in = store.get(ArtifactLayout.evaluationReport(evaluationJob))) {
            return json.readTree(in);
        }
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
