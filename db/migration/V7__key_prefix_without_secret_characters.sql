-- Listings showed the first 12 characters of every key, 12 of 30 for a key someone chose. From now
-- on a generated key shows 'ptx_' and 6 of its 43 random characters, and a chosen key none at all.
-- Stored rows follow: only the bootstrap key of the admin tenant can have been chosen, so it shows
-- none (also when it was generated: nothing records which); every other key keeps 10 characters.
update api_keys
set key_prefix = case
    when name = 'bootstrap' and tenant_id = (select id from tenants where name = 'admin') then '**********'
    else left(key_prefix, 10)
end;
