// Keeps the fake library non-empty while it has no other sources.
