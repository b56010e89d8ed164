-- access: analyst
-- Starts the list of defendants an import writes, with the store identity and member they were
-- written with (for member matching), and facts_touched, the cases whose fact rows it changes
-- (for bump_data_version); returns nothing.
CREATE OR REPLACE TEMP TABLE facts_touched (case_id VARCHAR);
CREATE OR REPLACE TEMP TABLE intake_touched (
    case_id VARCHAR, defendant_no INTEGER, member_given BOOLEAN, member_id VARCHAR, platform VARCHAR,
    seller_id VARCHAR, store_name VARCHAR
)
