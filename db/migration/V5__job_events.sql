-- A log of what happened to each experiment's jobs, for server-sent events (resumable by id).
create table job_events (
    id            bigserial primary key,
    experiment_id uuid        not null references experiments (id) on delete cascade,
    job_id        uuid        not null references jobs (id) on delete cascade,
    type          varchar(32) not null,
    data          text        not null,
    created_at    timestamptz not null default now()
);

create index job_events_experiment_idx on job_events (experiment_id, id);

-- Every state a job enters is logged by the database itself, so no code path (claim, reaper,
-- cancel propagation) can change a state without an event.
create function log_job_state() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' or new.state is distinct from old.state then
        insert into job_events (experiment_id, job_id, type, data)
        values (new.experiment_id, new.id, 'state', json_build_object(
            'jobId', new.id, 'kind', new.kind, 'state', new.state, 'attempt', new.attempt,
            'error', new.last_error)::text);
    end if;
    return new;
end;
$$;

create trigger jobs_state_events after insert or update of state on jobs
    for each row execute function log_job_state();
