-- Demo generator: inserts the cases from the temp table demo_case; returns nothing.
INSERT INTO cases (case_id, court, country, docket_number, case_name, filed_on, closed_on,
                   plaintiff, brand, law_firm, ip_type, case_kind, sector_code, nature_of_suit,
                   source, source_ref)
SELECT case_id, court, country, docket_number, case_name, filed_on, closed_on,
       plaintiff, brand, law_firm, ip_type, case_kind, sector_code, nature_of_suit,
       source, source_ref
FROM demo_case
ORDER BY case_idx
