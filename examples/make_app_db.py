#!/usr/bin/env python3
"""Writes a small app-like SQLite database to try `ferry plan` and `ferry copy` on.

    examples/make_app_db.py app.sqlite [--bad-rows]

Users, posts, comments, tags and post_tags, with what real apps hold: dates
as text, JSON settings, avatar blobs, booleans, defaults, unique keys,
AUTOINCREMENT keys, foreign keys and indexes, plus a view and a trigger (which
ferry lists as skipped). With --bad-rows two comments get a created_at that is
not a date, to show --on-error stop and skip. The same seed always gives the
same database.
"""
import argparse
import json
import os
import random
import sqlite3

SCHEMA = """
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  display_name VARCHAR(80) NOT NULL,
  is_admin BOOLEAN NOT NULL DEFAULT 0,
  settings JSON,
  avatar BLOB,
  karma REAL DEFAULT 0.0,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title VARCHAR(200) NOT NULL,
  body TEXT,
  status TEXT NOT NULL DEFAULT 'draft',
  published_on DATE,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME
);
CREATE INDEX posts_user_id_idx ON posts(user_id);
CREATE INDEX posts_published_on_idx ON posts(published_on);
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  score INTEGER NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL
);
CREATE INDEX comments_post_id_idx ON comments(post_id);
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE post_tags (
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id),
  PRIMARY KEY (post_id, tag_id)
);
CREATE VIEW popular_posts AS
  SELECT p.id, p.title, count(c.id) AS comments
  FROM posts p JOIN comments c ON c.post_id = p.id
  GROUP BY p.id HAVING count(c.id) >= 5;
CREATE TRIGGER posts_touch AFTER UPDATE ON posts
  BEGIN UPDATE posts SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id; END;
"""

WORDS = ("ferry river harbour tide anchor rope deck crew cargo sail north south "
         "wind wave coast bridge lantern map compass island café naïve 東京 🚢").split()
TAGS = ["release", "howto", "postgres", "sqlite", "migration", "ops", "news", "q&a"]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def timestamp(rng, year=2024):
    return "%d-%02d-%02d %02d:%02d:%02d" % (year, rng.randint(1, 12), rng.randint(1, 28),
                                            rng.randint(0, 23), rng.randint(0, 59),
                                            rng.randint(0, 59))


def fill(db, rng, users, bad_rows):
    for i in range(1, users + 1):
        settings = json.dumps({"theme": rng.choice(["dark", "light"]),
                               "notify": {"email": rng.random() < 0.5, "digest": "weekly"}})
        avatar = bytes(rng.randrange(256) for _ in range(rng.choice([0, 16, 64])))
        db.execute("INSERT INTO users (email, display_name, is_admin, settings, avatar, karma,"
                   " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (f"user{i}@example.com", sentence(rng, 2), int(i % 50 == 1),
                    settings if i % 7 else None, avatar or None, round(rng.uniform(-10, 500), 2),
                    timestamp(rng, 2023)))
    post_id = 0
    for user in range(1, users + 1):
        for _ in range(rng.randint(0, 8)):
            post_id += 1
            published = "2024-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
            db.execute("INSERT INTO posts (user_id, title, body, status, published_on, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       (user, sentence(rng, 5), sentence(rng, 40) if rng.random() < 0.9 else "",
                        rng.choice(["draft", "published", "published"]),
                        published if rng.random() < 0.8 else None, timestamp(rng)))
    comment_id = 0
    for post in range(1, post_id + 1):
        for _ in range(rng.randint(0, 10)):
            comment_id += 1
            author = rng.randint(1, users) if rng.random() < 0.95 else None
            db.execute("INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?)",
                       (comment_id, post, author, sentence(rng, 12), rng.randint(-3, 40),
                        timestamp(rng)))
    for i, name in enumerate(TAGS, start=1):
        db.execute("INSERT INTO tags VALUES (?, ?)", (i, name))
    for post in range(1, post_id + 1):
        for tag in rng.sample(range(1, len(TAGS) + 1), rng.randint(0, 3)):
            db.execute("INSERT INTO post_tags VALUES (?, ?)", (post, tag))
    if bad_rows:
        db.execute("UPDATE comments SET created_at = 'yesterday' WHERE id IN (7, 42)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the SQLite file to write (replaced when it exists)")
    parser.add_argument("--users", type=int, default=200, help="number of users (default 200)")
    parser.add_argument("--bad-rows", action="store_true",
                        help="give two comments a created_at that is not a date")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if os.path.exists(args.path):
        os.remove(args.path)
    db = sqlite3.connect(args.path)
    db.executescript(SCHEMA)
    fill(db, random.Random(args.seed), args.users, args.bad_rows)
    db.commit()
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("users", "posts", "comments", "tags", "post_tags")}
    db.close()
    print(args.path + ": " + ", ".join(f"{n} {t}" for t, n in counts.items()))


if __name__ == "__main__":
    main()
