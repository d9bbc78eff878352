// What users write today: read a mongodump .bson file with the official bson
// package and insert into PostgreSQL with pg, in batches of multi-row INSERTs.
//   node node_load.mjs FILE.bson POSTGRES_URL
import { readFileSync } from 'node:fs';
import { BSON } from 'bson';
import pg from 'pg';

const [file, url] = process.argv.slice(2);
const data = readFileSync(file);
const client = new pg.Client({ connectionString: url });
await client.connect();
const columns = ['_id', 'n', 'name', 'email', 'score', 'created', 'address_city', 'address_zip', 'tags'];
const batchSize = 1000;
let rows = [];

async function flush() {
  if (rows.length === 0) return;
  const values = [];
  const tuples = rows.map((row, r) => {
    values.push(...row);
    return '(' + row.map((_, c) => '$' + (r * columns.length + c + 1)).join(',') + ')';
  });
  await client.query(`INSERT INTO people_node (${columns.join(',')}) VALUES ${tuples.join(',')}`, values);
  rows = [];
}

await client.query('BEGIN');
for (let offset = 0; offset < data.length;) {
  const length = data.readInt32LE(offset);
  const doc = BSON.deserialize(data.subarray(offset, offset + length));
  offset += length;
  rows.push([doc._id.toHexString() + '00000000', doc.n, doc.name, doc.email, doc.score, doc.created,
             doc.address.city, doc.address.zip, JSON.stringify(doc.tags)]);
  if (rows.length === batchSize) await flush();
}
await flush();
await client.query('COMMIT');
await client.end();
