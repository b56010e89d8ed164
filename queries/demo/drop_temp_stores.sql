-- Demo generator: drops the temp table demo_store once every table is loaded.
DROP TABLE IF EXISTS temp.demo_store
