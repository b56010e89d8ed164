-- Demo generator: builds the temp table demo_case (case_idx plus every column of cases) from the
-- registered integer frame demo_case_src and the bound lists of brands (with their plaintiffs,
-- law firms, sectors), courts, case kinds and ip types. Docket numbers follow each forum's style
-- ('1:24-cv-01234' for US district courts). Returns nothing.
CREATE OR REPLACE TEMP TABLE demo_case AS
WITH c AS (
    SELECT s.*,
           $courts[s.court_i + 1] AS court,
           $kinds[s.kind_i + 1] AS case_kind,
           $ips[s.ip_i + 1] AS ip_type,
           $brands[s.brand_i + 1] AS brand,
           $plaintiffs[s.brand_i + 1] AS plaintiff,
           $firms[s.brand_i + 1] AS law_firm,
           $brand_sectors[s.brand_i + 1] AS sector_code,
           DATE '1970-01-01' + s.filed_day AS filed_on,
           CASE WHEN s.closed_day >= 0 THEN DATE '1970-01-01' + s.closed_day END AS closed_on,
           CAST(year(DATE '1970-01-01' + s.filed_day) AS VARCHAR) AS yyyy,
           printf('%02d', year(DATE '1970-01-01' + s.filed_day) % 100) AS yy
    FROM demo_case_src s
), d AS (
    SELECT c.*,
           CASE court
               WHEN 'cbp' THEN yyyy || '-' || port || '-' || printf('%06d', seq_year)
               WHEN 'platform' THEN 'PC-' || yyyy || '-' || printf('%06d', seq_year)
               WHEN 'usitc' THEN '337-TA-' || (1000 + seq_all)
               WHEN 'euipo' THEN 'C ' || printf('%06d', 40000 + seq_all)
               WHEN 'ewhc' THEN 'IL-' || yyyy || '-' || printf('%06d', seq_year)
               WHEN 'lgmuc' THEN '33 O ' || seq_year || '/' || yy
               ELSE office || ':' || yy || '-cv-' || printf('%05d', seq_year)
           END AS docket_number
    FROM c
)
SELECT d.case_idx,
       d.court || ':' || d.docket_number AS case_id,
       d.court,
       ct.country,
       d.docket_number,
       CASE d.case_kind
           WHEN 'schedule_a' THEN d.plaintiff
                || ' v. The Partnerships and Unincorporated Associations Identified on Schedule A'
           WHEN 'individual' THEN d.plaintiff || ' v. ' || fs.store_name
           WHEN 'customs' THEN 'Seizure of goods infringing ' || d.brand || ' rights'
           WHEN 'platform_complaint' THEN d.brand || ' rights complaint against ' || fs.store_name
           ELSE 'In the Matter of Certain ' || sec.name_en || ' Products (' || d.brand || ')'
       END AS case_name,
       d.filed_on,
       d.closed_on,
       d.plaintiff,
       d.brand,
       d.law_firm,
       d.ip_type,
       d.case_kind,
       d.sector_code,
       CASE WHEN d.case_kind IN ('schedule_a', 'individual') AND ct.country = 'US' THEN
           CASE d.ip_type
               WHEN 'copyright' THEN '820 Copyright'
               WHEN 'design_patent' THEN '830 Patent'
               WHEN 'utility_patent' THEN '830 Patent'
               ELSE '840 Trademark'
           END
       END AS nature_of_suit,
       'demo' AS source,
       'demo-' || printf('%07d', d.case_idx + 1) AS source_ref
FROM d
JOIN courts ct ON ct.court = d.court
LEFT JOIN demo_store fs ON fs.store_idx = d.first_store
LEFT JOIN sectors sec ON sec.sector_code = d.sector_code
