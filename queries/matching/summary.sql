-- access: analyst
-- Counts of the links just written for match_targets by status (auto, review, accepted, rejected):
-- each candidate of a store identity in match_found counts once per target with that identity.
SELECT coalesce(sum(i.targets) FILTER (WHERE f.status = 'auto'), 0) AS auto,
       coalesce(sum(i.targets) FILTER (WHERE f.status = 'review'), 0) AS review,
       coalesce(sum(i.targets) FILTER (WHERE f.status = 'accepted'), 0) AS accepted,
       coalesce(sum(i.targets) FILTER (WHERE f.status = 'rejected'), 0) AS rejected
FROM match_found f
JOIN match_identities i
  ON i.platform IS NOT DISTINCT FROM f.platform
 AND i.seller_id IS NOT DISTINCT FROM f.seller_id
 AND i.store_name IS NOT DISTINCT FROM f.store_name
