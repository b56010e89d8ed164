-- access: analyst
-- Sets the variable intake_name_suffixes {en, zh, traditional}: the regular expressions of the
-- legal and store name suffixes that intake_name_key drops ($en, $zh: built by casewatch.matching
-- from data/name_suffixes.csv), and the class of the Traditional characters that intake_simplified
-- simplifies ($traditional, from data/t2s_characters.csv). Returns nothing.
SET VARIABLE intake_name_suffixes = {'en': $en, 'zh': $zh, 'traditional': $traditional}
