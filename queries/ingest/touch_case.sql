-- access: analyst
-- Lists case $case_id in facts_touched: its fact rows are rebuilt at the import's end. Returns nothing.
INSERT INTO facts_touched VALUES ($case_id);
