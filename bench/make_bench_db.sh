#!/usr/bin/env bash
# Writes the benchmark's SQLite database: an app-like users/events/blobs schema.
#   bench/make_bench_db.sh FILE [ROWS]     ROWS in all (default 2000000)
# 5% users (JSON settings), 85% events (JSON payloads), 10% blobs (1 KB each).
set -euo pipefail
file=$1
rows=${2:-2000000}
users=$((rows / 20))
blobs=$((rows / 10))
events=$((rows - users - blobs))
rm -f "$file"
sqlite3 "$file" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  name VARCHAR(100),
  settings JSON,
  created_at DATETIME NOT NULL
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload JSON,
  amount REAL,
  created_at DATETIME NOT NULL
);
CREATE TABLE blobs (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  data BLOB NOT NULL
);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $users)
INSERT INTO users SELECT i, 'user' || i || '@example.com', 'User number ' || i,
  json_object('theme', CASE i % 2 WHEN 0 THEN 'dark' ELSE 'light' END, 'lang', 'en', 'beta', i % 3 = 0),
  datetime(1600000000 + i * 37, 'unixepoch') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events)
INSERT INTO events SELECT i, 1 + i % $users,
  CASE i % 4 WHEN 0 THEN 'login' WHEN 1 THEN 'view' WHEN 2 THEN 'click' ELSE 'purchase' END,
  json_object('path', '/items/' || (i % 1000), 'ms', i % 997, 'tags', json_array('a', 'b', i % 7)),
  (i % 10000) / 100.0, datetime(1650000000 + i * 3, 'unixepoch') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $blobs)
INSERT INTO blobs SELECT i, 1 + i % $users, 'file-' || i || '.bin', randomblob(1024) FROM n;
SQL
echo "$file: $users users, $events events, $blobs blobs" >&2
