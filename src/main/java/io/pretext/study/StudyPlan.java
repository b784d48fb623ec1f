package io.pretext.study;

import java.util.List;
import java.util.Map;

import io.pretext.training.JobKind;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a study would queue ({@code POST /v1/studies?dryRun=true}), having passed every check a
 * real submission passes. The estimate multiplies the number of jobs of each kind by the mean
 * wall-clock minutes (started to finished) of this tenant's most recent succeeded jobs of that
 * kind; it is a rough guide (earlier jobs may have had other data sizes or step counts), null when
 * no earlier job of any kind to queue was measured. Immutable.
 *
 * @param runs budgets × arms × seeds: the scores the study will report
 * @param unmeasured kinds to queue that no earlier job measured (left out of the estimate)
 */
@Schema(requiredProperties = {"experiments", "runs", "jobs", "jobsByKind", "unmeasured"})
public record StudyPlan(int experiments, int runs, int jobs, Map<JobKind, Integer> jobsByKind,
        @Schema(description = "Estimated job minutes (sum over jobs, one worker), null without earlier measurements",
                nullable = true) Double estimatedMinutes,
        List<JobKind> unmeasured) {
}
