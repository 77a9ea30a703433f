"""`patchlint bot`: a list's CI reviewer. `sources` reads new mail (public-inbox v2 or a
maildir), `state` remembers it (SQLite, locked), `runner` decides once per revision and
queues the reply, `transport` delivers it (SMTP or a directory)."""
