-- access: analyst
-- Member links waiting for an analyst, one row per store identity and member (subject, member_id,
-- member_name, store_name, platform, seller_id, method, score, defendants, cases, first_case),
-- best scores first, at most $limit rows.
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
ORDER BY score DESC, defendants DESC, l.subject, l.member_id
LIMIT $limit
