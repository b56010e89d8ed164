-- Demo generator: every sector code with its parent (NULL for a top sector), in code order.
SELECT sector_code, parent_code
FROM sectors
ORDER BY sector_code
