-- Demo generator: inserts the planted truth from the registered frame demo_truth_src (months as
-- days since 1970-01-01); returns nothing.
INSERT INTO demo_truth (kind, truth_id, shape, entity_kind, entity, brand, start_month, end_month,
                        sued_month, city_code, sector_code, member_id)
SELECT kind, truth_id, shape, entity_kind, entity, brand, DATE '1970-01-01' + start_day,
       DATE '1970-01-01' + end_day, DATE '1970-01-01' + sued_day, city_code, sector_code, member_id
FROM demo_truth_src
ORDER BY truth_id, member_id
