-- access: analyst
-- Records one request to CourtListener (before it is sent) at $at for $path; returns nothing.
INSERT INTO feed_requests ("at", path) VALUES ($at, $path)
