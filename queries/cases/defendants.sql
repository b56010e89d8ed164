-- The defendants listed in case $case_id, by defendant_no: defendant_no, store_name, platform,
-- seller_id (as filed, public), member_id, member_name_zh, member_name_en, city_code, outcome,
-- frozen_usd, settlement_usd, judgment_usd, appeared, match_score (member-level).
-- For a member the member-level columns are NULL except on the viewer's own rows.
-- access: analyst member
SELECT d.defendant_no,
       d.store_name,
       d.platform,
       d.seller_id,
       CASE WHEN mine THEN d.member_id END AS member_id,
       CASE WHEN mine THEN m.name_zh END AS member_name_zh,
       CASE WHEN mine THEN m.name_en END AS member_name_en,
       CASE WHEN mine THEN coalesce(d.city_code, m.city_code) END AS city_code,
       CASE WHEN mine THEN d.outcome END AS outcome,
       CASE WHEN mine THEN d.frozen_usd END AS frozen_usd,
       CASE WHEN mine THEN d.settlement_usd END AS settlement_usd,
       CASE WHEN mine THEN d.judgment_usd END AS judgment_usd,
       CASE WHEN mine THEN d.appeared END AS appeared,
       CASE WHEN mine THEN d.match_score END AS match_score
FROM (
    SELECT *, ($viewer_member = '' OR member_id = $viewer_member) AS mine
    FROM defendants
    WHERE case_id = $case_id
) d
LEFT JOIN members m ON m.member_id = d.member_id
ORDER BY d.defendant_no
