#!/usr/bin/env python3
"""Writes a small mongodump folder for the demo and the docs: a shop's customers,
products and orders, with nested objects, arrays of sub-documents and ObjectId
references between collections.

    python3 examples/make_shop_dump.py DIR      # writes DIR/shop/*.bson and *.metadata.json
"""
import datetime
import json
import os
import random
import sys
from decimal import Decimal

import bson
from bson.decimal128 import Decimal128
from bson.objectid import ObjectId


def oid(n):
    return ObjectId("65a0%020x" % n)


def customers():
    cities = [("Paris", 48.86, 2.35), ("Oslo", 59.91, 10.75), ("Lyon", 45.76, 4.84)]
    for i in range(1, 21):
        city, lat, lng = cities[i % 3]
        doc = {"_id": oid(i), "email": f"c{i}@example.com", "name": f"Customer {i}",
               "address": {"city": city, "geo": {"lat": lat, "lng": lng}},
               "tags": ["vip"] if i % 5 == 0 else [],
               "signedUp": datetime.datetime(2023, 1 + i % 12, 1 + i, tzinfo=datetime.timezone.utc)}
        if i % 4 == 0:
            doc["phone"] = f"+33 6 00 00 00 {i:02d}"
        yield doc


def products():
    for i in range(1, 6):
        yield {"_id": oid(100 + i), "sku": f"SKU-{i}", "name": f"Product {i}",
               "price": Decimal128(Decimal(f"{i * 3}.50")),
               "stockByWarehouse": {f"{w:04d}": i * w for w in range(1, 12)}}


def orders():
    rng = random.Random(7)
    for i in range(1, 51):
        items = [{"product": oid(100 + rng.randint(1, 5)), "qty": rng.randint(1, 4),
                  "options": [{"name": "gift", "value": True}] if rng.random() < 0.2 else []}
                 for _ in range(rng.randint(1, 3))]
        yield {"_id": oid(1000 + i), "customer": oid(1 + i % 20), "items": items,
               "status": rng.choice(["new", "paid", "shipped"]),
               "createdAt": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
               + datetime.timedelta(hours=7 * i)}


INDEXES = {
    "customers": [{"v": 2, "key": {"email": 1}, "name": "email_1", "unique": True},
                  {"v": 2, "key": {"address.city": 1, "name": 1}, "name": "city_name"}],
    "products": [{"v": 2, "key": {"name": "text"}, "name": "name_text"}],
    "orders": [{"v": 2, "key": {"customer": 1, "createdAt": -1}, "name": "customer_created"},
               {"v": 2, "key": {"createdAt": 1}, "name": "ttl", "expireAfterSeconds": 86400}],
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = os.path.join(sys.argv[1], "shop")
    os.makedirs(folder, exist_ok=True)
    for name, docs in [("customers", customers()), ("products", products()), ("orders", orders())]:
        with open(os.path.join(folder, name + ".bson"), "wb") as out:
            for doc in docs:
                out.write(bson.encode(doc))
        indexes = [{"v": 2, "key": {"_id": 1}, "name": "_id_"}] + INDEXES[name]
        with open(os.path.join(folder, name + ".metadata.json"), "w") as out:
            json.dump({"options": {}, "indexes": indexes, "collectionName": name}, out)
    print(f"wrote {folder}: customers (20), products (5), orders (50)")


if __name__ == "__main__":
    main()
