package io.pretext.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.job.JobView;
import io.pretext.security.CurrentTenant;
import io.pretext.storage.ArtifactNotFoundException;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.JobKind;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation reports of an experiment's scoring jobs (per-class scores and confusion matrices
 * per test set), one per arm that has finished: the finetuned model's and the scratch baseline's
 * evaluations, the {@code pixels} floor, and a clip model's own evaluation. Current tenant only (through the experiment lookup).
 * Thread-safe.
 */
@Component
class EvaluationReports {

    /**
     * One arm's report.
     *
     * @param arm {@code finetuned}, {@code scratch}, {@code pixels} or {@code pretrained} (a clip
     *     model scored zero-shot and by retrieval)
     * @param jobId the job that wrote it
     * @param datasetNames the evaluated datasets' names by id (null for a deleted one)
     * @param report the job's report: {@code checkpoint} evaluated and, under {@code datasets} by dataset id,
     *     per-class precision/recall/F1 and the confusion matrix (rows true class, columns predicted)
     */
    @Schema(requiredProperties = {"arm", "jobId", "datasetNames", "report"})
    record ArmReport(@Schema(description = "finetuned, scratch, pixels or pretrained (a clip model: zero-shot and "
            + "retrieval)") String arm, UUID jobId,
            Map<String, String> datasetNames,
            @Schema(description = "The job's report as it wrote it (free-form JSON)") JsonNode report) {
    }

    private static final List<String> ARMS = List.of("finetuned", "scratch", "pixels", "pretrained");

    private final ArtifactStore store;
    private final JsonMapper json;
    private final EvaluationDatasetNames names;

    private final CurrentTenant currentTenant;

    EvaluationReports(ArtifactStore store, JsonMapper json, EvaluationDatasetNames names, CurrentTenant currentTenant) {
        this.currentTenant = currentTenant;
        this.store = store;
        this.json = json;
        this.names = names;
    }

    /** The reports of the experiment's jobs that have written one, finetuned first. */
    List<ArmReport> of(List<JobView> jobs) throws IOException {
        List<ArmReport> reports = new ArrayList<>();
        for (JobView job : jobs) {
            String arm = arm(jobs, job);
            if (arm == null) {
                continue;
            }
            JsonNode report;
            try (InputStream in = store.get(ArtifactLayout.evaluationReport(job.id()))) {
                report = json.readTree(in);
            } catch (ArtifactNotFoundException notYet) {
                continue;
            }
            Map<String, String> datasetNames = new LinkedHashMap<>();
            report.path("datasets").propertyNames()
                    .forEach(id -> datasetNames.put(id, names.nameOf(currentTenant.id(), id)));
            reports.add(new ArmReport(arm, job.id(), datasetNames, report));
        }
        reports.sort(Comparator.comparing(r -> ARMS.indexOf(r.arm())));
        return reports;
    }

    private static String arm(List<JobView> jobs, JobView job) {
        if (job.kind() == JobKind.PIXELS) {
            return "pixels";
        }
        if (job.kind() != JobKind.EVALUATE) {
            return null;
        }
        for (JobView model : jobs) {
            if (job.dependsOn().contains(model.id())) {
                if (model.kind() == JobKind.SCRATCH) {
                    return "scratch";
                }
                if (model.kind() == JobKind.FINETUNE) {
                    return "finetuned";
                }
                if (model.kind() == JobKind.PRETRAIN) {
                    return "pretrained";
                }
            }
        }
        return null;
    }
}
