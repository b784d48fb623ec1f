package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetFormat;
import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.Modality;
import io.pretext.experiment.BaselineComparison;
import io.pretext.experiment.ExperimentView;
import io.pretext.experiment.Experiments;
import io.pretext.job.JobProgress;
import io.pretext.job.JobState;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.Test;

/**
 * The study chart draws from made-up results without a server: a full picture (written to
 * target/ to look at), one budget, and nothing finished yet.
 */
class StudyChartsTest {

    final StudyService studies = mock(StudyService.class);
    final Experiments experiments = mock(Experiments.class);
    final DatasetCatalog datasets = mock(DatasetCatalog.class);
    final StudyCharts charts = new StudyCharts(studies, experiments, datasets);

    StudyChartsTest() {
        for (String id : List.of(StudyPlannerTest.POOL, StudyPlannerTest.TEST)) {
            when(datasets.get(UUID.fromString(id))).thenReturn(new DatasetInfo(UUID.fromString(id),
                    id.equals(StudyPlannerTest.POOL) ? "fmnist-train" : "fmnist-test", Modality.IMAGE,
                    DatasetFormat.IDX, 60_000, 10, List.of(), List.of(), true, List.of(1, 28, 28), "sha", 1,
                    Instant.EPOCH));
        }
    }

    @Test
    void three_budgets_four_arms_and_a_knn_curve() throws Exception {
        List<StudySpec.Budget> budgets = List.of(new StudySpec.Budget(10, null), new StudySpec.Budget(null, 0.01),
                new StudySpec.Budget(null, 0.1));
        UUID pretraining = load(budgets, List.of("pixels", "scratch", "linear", "lp-ft"), 3, true);
        List<JobProgress.MetricPoint> knn = new ArrayList<>();
        for (int epoch = 0; epoch <= 10; epoch++) {
            knn.add(new JobProgress.MetricPoint(UUID.randomUUID(), JobKind.PRETRAIN, epoch, "knnAccuracy",
                    0.55 + 0.2 * (1 - Math.exp(-epoch / 3.0)), 1, Instant.EPOCH));
        }
        when(experiments.metrics(pretraining, "knnAccuracy")).thenReturn(knn);
        when(experiments.metrics(pretraining, "knnPixelAccuracy"))
                .thenReturn(List.of(new JobProgress.MetricPoint(UUID.randomUUID(), JobKind.PRETRAIN, 0,
                        "knnPixelAccuracy", 0.72, 1, Instant.EPOCH)));

        BufferedImage image = render("target/study-chart-unit.png");

        assertThat(image.getWidth()).isEqualTo(StudyCharts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(StudyCharts.TOP_HEIGHT + StudyCharts.BOTTOM_HEIGHT);
    }

    @Test
    void one_budget_and_one_seed_still_draw() throws Exception {
        load(List.of(new StudySpec.Budget(null, 0.01)), List.of("linear", "scratch"), 1, true);
        assertThat(render("target/study-chart-one.png").getWidth()).isEqualTo(StudyCharts.WIDTH);
    }

    @Test
    void nothing_finished_yet_draws_placeholders() throws Exception {
        load(List.of(new StudySpec.Budget(5, null)), List.of("linear"), 1, false);
        assertThat(render("target/study-chart-empty.png").getHeight())
                .isEqualTo(StudyCharts.TOP_HEIGHT + StudyCharts.BOTTOM_HEIGHT);
    }

    private BufferedImage render(String file) throws Exception {
        byte[] png = charts.png(UUID.randomUUID());
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of(file), png);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** A loaded study whose experiments report made-up scores (or none); answers the pretraining's id. */
    private UUID load(List<StudySpec.Budget> budgets, List<String> arms, int seeds, boolean scored) {
        StudySpec base = StudyPlannerTest.study(arms, seeds);
        StudySpec spec = new StudySpec("fmnist-ssl", base.labeled(), base.test(), budgets, arms, seeds,
                base.pretrain(), null, null, null, null);
        List<StudyStore.Link> links = new ArrayList<>();
        List<ExperimentView> views = new ArrayList<>();
        for (StudyPlanner.Run run : StudyPlanner.runs(spec)) {
            UUID id = UUID.randomUUID();
            links.add(new StudyStore.Link(id, run));
            double budget = run.budgetIndex();
            double noise = (run.seed() - 2) * 0.01;
            double arm = run.arm().equals("lp-ft") ? 0.03 : 0;
            List<BaselineComparison> rows = !scored ? List.of() : List.of(BaselineComparison.of(
                    StudyPlannerTest.TEST, "accuracy", 0.70 + 0.07 * budget + arm + noise, 0.62 + 0.1 * budget - noise,
                    0.66 + 0.06 * budget));
            views.add(new ExperimentView(id, "e", JobState.SUCCEEDED, null, List.of(), Instant.EPOCH, rows));
        }
        when(studies.load(any(UUID.class))).thenReturn(new StudyService.Loaded(
                new StudyStore.StudyRow(UUID.randomUUID(), UUID.randomUUID(), spec.name(), "{}", "sha", Instant.EPOCH),
                spec, links, views));
        when(experiments.metrics(any(), eq("knnAccuracy"))).thenReturn(List.of());
        return links.get(0).experimentId();
    }
}
