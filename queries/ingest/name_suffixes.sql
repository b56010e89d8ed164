-- access: analyst
-- Sets the variable intake_name_suffixes {en, en_generic, zh}: the regular expressions of the name
-- suffixes that intake_name_key (en: every English suffix) and intake_store_key (en_generic: all
-- but the descriptor words) drop ($en, $en_generic, $zh: built by casewatch.matching from
-- data/name_suffixes.csv). Returns nothing.
SET VARIABLE intake_name_suffixes = {'en': $en, 'en_generic': $en_generic, 'zh': $zh}
