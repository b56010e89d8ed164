-- The risk-brand list of run $run: rights holders that have sued members, searchable by $terms
-- (every term must occur, case-insensitive, in the brand, a plaintiff or a law firm; empty = all),
-- active waves first, then the most recent. Counts only, no member-level data.
-- Columns: brand, plaintiffs, law_firms, sectors, first_suit, last_suit, cases, members_sued,
-- members_last_12m, late_followers, waves, active_wave.
-- access: analyst leadership
SELECT brand, plaintiffs, law_firms, sectors, first_suit, last_suit, cases, members_sued,
       members_last_12m, late_followers, waves, active_wave
FROM herding_brands
WHERE run_id = $run
  AND (len($terms) = 0 OR list_bool_and(list_transform($terms, lambda term: contains(
        lower(brand || ' ' || array_to_string(plaintiffs, ' ') || ' ' || array_to_string(law_firms, ' ')),
        lower(term)))))
ORDER BY active_wave DESC, last_suit DESC, members_sued DESC, brand
LIMIT $limit
