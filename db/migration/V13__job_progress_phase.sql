-- What a running job does before its training proper (a rate grid's screens), as its child last
-- reported it; null while it trains proper. Overwritten by each report like the other progress columns.
alter table jobs add column progress_phase text;
