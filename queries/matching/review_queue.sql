-- access: analyst
-- Member links waiting for an analyst, one row per store identity and member (subject, member_id,
-- member_name, store_name, platform, seller_id, method, score, defendants, cases, first_case,
-- platform_agreement: 'same' when the member registered a store on the defendant's platform,
-- 'other' when only on other platforms or none, 'unknown' when the list gives no platform), at
-- most $limit rows: the stores with the best candidates first, each store's candidates together,
-- the likely member first (best score, then a store on the same platform).
WITH waiting AS (
    SELECT l.subject,
           l.member_id,
           coalesce(m.name_zh, m.name_en) AS member_name,
           any_value(d.store_name) AS store_name,
           any_value(d.platform) AS platform,
           any_value(d.seller_id) AS seller_id,
           any_value(l.method) AS method,
           max(l.score) AS score,
           count(*) AS defendants,
           count(DISTINCT l.case_id) AS cases,
           min(l.case_id) AS first_case
    FROM member_links l
    JOIN defendants d ON d.case_id = l.case_id AND d.defendant_no = l.defendant_no
    LEFT JOIN members m ON m.member_id = l.member_id
    WHERE l.status = 'review'
    GROUP BY l.subject, l.member_id, m.name_zh, m.name_en
)
SELECT *
FROM (
    SELECT w.*,
           CASE WHEN w.platform IS NULL THEN 'unknown'
                WHEN EXISTS (SELECT 1 FROM member_stores s WHERE s.member_id = w.member_id AND s.platform = w.platform)
                    THEN 'same'
                ELSE 'other' END AS platform_agreement,
           max(w.score) OVER (PARTITION BY w.subject) AS best_score
    FROM waiting w
)
ORDER BY best_score DESC, subject, score DESC, platform_agreement = 'same' DESC, defendants DESC, member_id
LIMIT $limit
