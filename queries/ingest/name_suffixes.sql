-- access: analyst
-- Sets the variable intake_name_suffixes {en, zh}: the regular expressions of the legal and store
-- name suffixes that intake_name_key drops ($en, $zh: built by casewatch.matching from
-- data/name_suffixes.csv). Returns nothing.
SET VARIABLE intake_name_suffixes = {'en': $en, 'zh': $zh}
