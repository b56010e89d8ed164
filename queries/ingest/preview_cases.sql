-- access: analyst
-- The first $limit parsed rows of the current cases file (row_no and the cases columns).
SELECT row_no, case_id, court, docket_number, case_name, filed_on, closed_on, plaintiff, brand, law_firm, ip_type,
       case_kind, sector_code, nature_of_suit
FROM intake_cases ORDER BY row_no LIMIT $limit
