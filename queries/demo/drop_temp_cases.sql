-- Demo generator: drops the temp table demo_case once every table is loaded.
DROP TABLE IF EXISTS temp.demo_case
