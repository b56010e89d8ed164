-- Late followers of run $run first sued in $date_from..$date_to, narrowed by $brands (empty =
-- all), latest first: brand, member_id, name_zh, name_en, city_code, first_sued_on,
-- brand_first_on, days_after, case_id.
-- access: analyst
SELECT l.brand, l.member_id, m.name_zh, m.name_en, m.city_code, l.first_sued_on, l.brand_first_on,
       l.days_after, l.case_id
FROM herding_late_followers l
LEFT JOIN members m USING (member_id)
WHERE l.run_id = $run
  AND l.first_sued_on BETWEEN $date_from AND $date_to
  AND (len($brands) = 0 OR list_contains($brands, l.brand))
ORDER BY l.first_sued_on DESC, l.brand, l.member_id
LIMIT $limit
