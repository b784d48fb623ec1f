package io.pretext.study;

import java.util.ArrayList;
import java.util.List;

import io.pretext.experiment.ExperimentView;
import io.pretext.job.JobState;
import io.pretext.job.JobStates;
import io.pretext.job.JobView;

/** Builds a {@link StudyView} from a loaded study. Stateless. */
final class StudyViews {

    private StudyViews() {
    }

    static StudyView view(StudyService.Loaded study) {
        List<JobState> jobStates = new ArrayList<>();
        List<StudyView.StudyExperiment> experiments = new ArrayList<>();
        int experimentsDone = 0;
        for (int i = 0; i < study.links().size(); i++) {
            StudyPlanner.Run run = study.links().get(i).run();
            ExperimentView experiment = study.views().get(i);
            experiment.jobs().stream().map(JobView::state).forEach(jobStates::add);
            if (experiment.state().isFinal()) {
                experimentsDone++;
            }
            experiments.add(new StudyView.StudyExperiment(experiment.id(),
                    study.spec().budgets().get(run.budgetIndex()).label(), run.seed(), run.arm(), run.baselines(),
                    run.pretraining(), experiment.state()));
        }
        int jobsDone = (int) jobStates.stream().filter(JobState::isFinal).count();
        return new StudyView(study.row().id(), study.row().name(), JobStates.summarize(jobStates),
                new StudyView.StudyProgress(experimentsDone, experiments.size(), jobsDone, jobStates.size()),
                study.spec(), experiments, study.row().createdAt());
    }
}
