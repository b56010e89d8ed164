-- A review-queue link for an analyst's alert: store_name, platform, seller_id, member_id,
-- member_name_zh, member_name_en, score, status (still 'review' unless decided since) of store
-- identity $subject and member $member; at most one row.
-- access: analyst
SELECT any_value(d.store_name) AS store_name, any_value(d.platform) AS platform, any_value(d.seller_id) AS seller_id,
       l.member_id, any_value(m.name_zh) AS member_name_zh, any_value(m.name_en) AS member_name_en,
       max(l.score) AS score, min(l.status) AS status
FROM member_links l
JOIN defendants d ON d.case_id = l.case_id AND d.defendant_no = l.defendant_no
LEFT JOIN members m ON m.member_id = l.member_id
WHERE l.subject = $subject AND l.member_id = $member
GROUP BY l.member_id
