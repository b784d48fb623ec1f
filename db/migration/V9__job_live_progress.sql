-- Where a running job is within its training, as its child last reported it (every few seconds):
-- for people watching; overwritten by each report, never history.
alter table jobs
    add column progress_epoch               integer,
    add column progress_epochs              integer,
    add column progress_step                integer,
    add column progress_steps               integer,
    add column progress_samples_per_second  double precision,
    add column progress_eta_seconds         double precision,
    add column progress_at                  timestamptz;
