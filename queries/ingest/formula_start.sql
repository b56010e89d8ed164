-- access: analyst
-- Sets the variable intake_formula_start: the regular expression of the text CaseWatch's downloads
-- put an apostrophe before ($pattern: casewatch/export.py FORMULA_START), which intake_unquote
-- takes off again. Returns nothing.
SET VARIABLE intake_formula_start = $pattern
