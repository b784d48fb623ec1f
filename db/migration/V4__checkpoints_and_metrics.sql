-- Checkpoints a job wrote (objects under prefix), and its metrics per epoch.
create table checkpoints (
    id         uuid primary key,
    job_id     uuid        not null references jobs (id) on delete cascade,
    attempt    integer     not null,
    epoch      integer     not null,
    prefix     varchar(512) not null,
    metrics    text        not null,
    created_at timestamptz not null,
    constraint checkpoints_job_epoch_unique unique (job_id, epoch)
);

create table job_metrics (
    job_id     uuid             not null references jobs (id) on delete cascade,
    epoch      integer          not null,
    name       varchar(100)     not null,
    value      double precision not null,
    attempt    integer          not null,
    created_at timestamptz      not null,
    -- A resumed attempt that redoes an epoch replaces its numbers: each epoch appears once.
    primary key (job_id, epoch, name)
);
