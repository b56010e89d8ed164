-- access: analyst
-- Drops the defendants of intake_dropped_parties (ingest/docket_parties_stale): their links, the
-- entries about them and their place in intake_touched go with them, and their cases go to
-- facts_touched. Returns nothing.
DELETE FROM member_links WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_dropped_parties);
DELETE FROM events WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_dropped_parties);
DELETE FROM defendants WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_dropped_parties);
DELETE FROM intake_touched WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_dropped_parties);
DELETE FROM docket_parties WHERE (case_id, defendant_no) IN (SELECT case_id, defendant_no FROM intake_dropped_parties);
INSERT INTO facts_touched SELECT DISTINCT case_id FROM intake_dropped_parties;
