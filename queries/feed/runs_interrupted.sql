-- access: analyst
-- Marks runs still 'running' (their process was killed) as interrupted at $now; returns nothing.
UPDATE feed_runs SET status = 'interrupted', finished_at = $now WHERE status = 'running'
