-- The last lines a job's training child wrote (its stderr log), as the supervisor last read them:
-- served by GET /v1/jobs/{id}/log from any API process, wherever the child ran. Overwritten, not history.
alter table jobs
    add column log_attempt  integer,
    add column log_tail     text,
    add column log_tail_at  timestamptz;
