-- CPU time the job's training children used, summed over attempts: what an arm of a comparison cost,
-- independent of how busy the machine was.
alter table jobs add column cpu_seconds double precision;
