-- Captions stored with an image-text-zip dataset (0 for every other format); the captions themselves
-- live in the artifact store beside the image shards (captions.bin, listed in manifest.json).
alter table datasets
    add column num_captions integer not null default 0;
