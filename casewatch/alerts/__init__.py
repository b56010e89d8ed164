"""Alerts and watch lists (issue 19): deadlines counted by FRCP 6(a)(1) (deadlines), the rules that
fill the outbox inside every import's transaction (rules), channels, watch lists and the outbox as
the pages and the CLI manage them (outbox), delivery through apprise (channels, messages,
delivery) and a member's deadlines as an iCalendar file (ical)."""
