-- Schema version 47: the feed follows the dockets it has imported. A search pass reads only the
-- filings of the week before the newest one, so a change to an older docket (a Schedule A unsealed
-- weeks after filing) would never be seen: after the queue is worked down, a run asks for the
-- date_modified of each open docket filed within the follow horizon whose last check is a day old
-- (casewatch/feed/follow.py). feed_dockets.checked_at is when its date_modified was last learned
-- (an import, a fetch that found it unchanged, or such a check), kept in the database so that runs
-- share it; a docket found changed is queued with reason 'follow' (allowed since version 46).
ALTER TABLE feed_dockets ADD COLUMN IF NOT EXISTS checked_at TIMESTAMP;
UPDATE feed_dockets SET checked_at = imported_at WHERE checked_at IS NULL;
