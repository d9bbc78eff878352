"""Writes DIR/bench/people.bson: N generated documents (mongodump form) for bench/mongo_to_pg."""
import datetime
import sys

import bson
from bson.objectid import ObjectId

out_dir, count = sys.argv[1], int(sys.argv[2])
cities = ["Paris", "Oslo", "Lyon", "Porto", "Turin", "Ghent"]
base = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
with open(f"{out_dir}/people.bson", "wb") as out:
    for i in range(count):
        out.write(bson.encode({
            "_id": ObjectId(b"%012d" % i),
            "n": i,
            "name": f"person {i}",
            "email": f"p{i}@example.com",
            "score": i / 7.0,
            "created": base + datetime.timedelta(seconds=i),
            "address": {"city": cities[i % 6], "zip": 10000 + i % 90000},
            "tags": ["a", "b"] if i % 3 else [],
        }))
