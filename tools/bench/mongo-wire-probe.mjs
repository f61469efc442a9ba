#!/usr/bin/env node
// Measures a MongoDB-wire server (FerretDB on SQLite or PostgreSQL, or a real MongoDB) for the
// access patterns GridPay uses. Standalone: needs only the `mongodb` driver from node_modules.
//
//   node tools/bench/mongo-wire-probe.mjs [uri ...]
//     uri defaults to $MONGODB_URI or mongodb://127.0.0.1:27017/?directConnection=true
//   PROBE_DOCS=10000 PROBE_OPS=200 PROBE_BULK=40 PROBE_CONCURRENT_INSERTS=2000
//   PROBE_STEP_BUDGET_MS=15000 PROBE_TIMEOUT_MS=60000 PROBE_KEEP=1 (keep the database)
//
// Every run works in a fresh database (gridpay_probe_<time>) that is dropped at the end, so
// it is safe against a server others are using. A step that takes longer than PROBE_TIMEOUT_MS
// is reported as "timeout" and the probe goes on with the next step.
import { MongoClient, ObjectId } from 'mongodb';

const DOCS = Number(process.env.PROBE_DOCS ?? 10_000);
const OPS = Number(process.env.PROBE_OPS ?? 200); // sequential single-document operations
const SLOW_OPS = Math.max(5, Math.round(OPS / 10)); // scans: $in, count, sort
const CONCURRENCY = 20;
const CONCURRENT_INSERTS = Number(process.env.PROBE_CONCURRENT_INSERTS ?? 2_000);
const TIMEOUT_MS = Number(process.env.PROBE_TIMEOUT_MS ?? 60_000);
// a sequential step stops early (n shows how many ran) once it has used this much time
const BUDGET_MS = Number(process.env.PROBE_STEP_BUDGET_MS ?? 15_000);
const KEEP = process.env.PROBE_KEEP === '1';
// FerretDB 1.24 keeps one backend connection per updateOne of an update command open until the
// whole command ends (msg_update.go: defer closer.Close() inside the loop), so a bulkWrite with
// more updateOne than the backend pool holds (PostgreSQL pool_max_conns, default 50) deadlocks
// the whole server. 40 stays below the default; raise it only against a larger pool.
const BULK = Number(process.env.PROBE_BULK ?? 40);

const uris = process.argv.slice(2);
if (uris.length === 0) {
  uris.push(process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/?directConnection=true');
}

const PAD = 'x'.repeat(900); // makes each document ~1 KB of BSON
const ACCOUNTS = 100;

function makeDoc(i) {
  return {
    _id: new ObjectId(),
    ref: `ref-${String(i).padStart(8, '0')}`, // unique, indexed
    acct: `acct-${i % ACCOUNTS}`, // 100 distinct values, indexed with seq
    seq: i,
    amount: (i * 7919) % 1_000_000,
    status: i % 3 === 0 ? 'paid' : 'open',
    createdAt: new Date(1_700_000_000_000 + i * 1000),
    pad: PAD,
  };
}

class Timeout extends Error {}

async function withTimeout(promise) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Timeout(`timeout after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function pick(arr, n) {
  const out = [];
  for (let k = 0; k < n; k++) out.push(arr[Math.floor(Math.random() * arr.length)]);
  return out;
}

// rows: { step, n, totalMs, note } -> ops/s and mean/p50/p95 latency
async function timeEach(step, items, fn) {
  const lat = [];
  const t0 = performance.now();
  for (const it of items) {
    const s = performance.now();
    await fn(it);
    lat.push(performance.now() - s);
    if (performance.now() - t0 > BUDGET_MS && lat.length >= 3) break;
  }
  const totalMs = performance.now() - t0;
  lat.sort((a, b) => a - b);
  return {
    step,
    n: lat.length,
    opsPerSec: (lat.length / totalMs) * 1000,
    meanMs: totalMs / lat.length,
    p50Ms: lat[Math.floor(lat.length * 0.5)],
    p95Ms: lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.95))],
  };
}

async function timeBulk(step, n, fn) {
  const t0 = performance.now();
  await fn();
  const totalMs = performance.now() - t0;
  return { step, n, opsPerSec: (n / totalMs) * 1000, meanMs: totalMs / n, totalMs };
}

async function probe(uri) {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: 50 });
  await client.connect();
  const hello = await client.db('admin').command({ hello: 1 });
  const build = await client.db('admin').command({ buildInfo: 1 }).catch(() => ({}));
  const dbName = `gridpay_probe_${Date.now()}`;
  const db = client.db(dbName);
  const col = db.collection('docs');
  const rows = [];
  const run = async (label, f) => {
    try {
      rows.push(await withTimeout(f(label)));
    } catch (e) {
      rows.push({ step: label, error: e instanceof Timeout ? 'timeout' : String(e.message ?? e) });
    }
  };

  const docs = Array.from({ length: DOCS }, (_, i) => makeDoc(i));
  const ids = docs.map((d) => d._id);
  const refs = docs.map((d) => d.ref);
  const info = {
    uri,
    server: build.version
      ? `${build.version}${build.ferretdb ? ` (FerretDB ${build.ferretdb.version})` : ''}`
      : '?',
    maxWireVersion: hello.maxWireVersion,
    db: dbName,
  };

  try {
    await db.createCollection('docs');
    await col.createIndex({ ref: 1 }, { unique: true });
    await col.createIndex({ acct: 1, seq: 1 });

    await run(`insertMany ${DOCS} docs (~1 KB)`, (step) =>
      timeBulk(step, DOCS, () => col.insertMany(docs, { ordered: false })),
    );
    const count = await col.estimatedDocumentCount().catch(() => -1);
    info.docs = count;

    await run('findOne {_id}', (step) =>
      timeEach(step, pick(ids, OPS), (id) => col.findOne({ _id: id })),
    );
    await run('find {ref} (unique index)', (step) =>
      timeEach(step, pick(refs, OPS), (ref) =>
        col.find({ ref }).toArray(),
      ),
    );
    await run('find {acct} sort seq -1 limit 10', (step) =>
      timeEach(
        step,
        pick([...Array(ACCOUNTS).keys()], SLOW_OPS),
        (a) => col.find({ acct: `acct-${a}` }).sort({ seq: -1 }).limit(10).toArray(),
      ),
    );
    await run('find {ref: {$in: 100}}', (step) =>
      timeEach(
        step,
        Array.from({ length: SLOW_OPS }, () => pick(refs, 100)),
        async (list) => {
          const got = await col.find({ ref: { $in: list } }).toArray();
          if (got.length === 0) throw new Error('$in found nothing');
        },
      ),
    );
    await run('countDocuments({})', (step) =>
      timeEach(step, Array.from({ length: SLOW_OPS }), () => col.countDocuments({})),
    );
    await run(`updateOne {_id} $set (${DOCS} docs)`, (step) =>
      timeEach(step, pick(ids, OPS), (id) =>
        col.updateOne({ _id: id }, { $set: { status: 'paid' }, $inc: { amount: 1 } }),
      ),
    );
    await run('updateOne {ref} $set', (step) =>
      timeEach(step, pick(refs, OPS), (ref) =>
        col.updateOne({ ref }, { $set: { status: 'void' } }),
      ),
    );
    await run(`bulkWrite ${BULK} updateOne {_id} unordered`, (step) =>
      timeBulk(step, BULK, () =>
        col.bulkWrite(
          pick(ids, BULK).map((id) => ({
            updateOne: { filter: { _id: id }, update: { $set: { status: 'bulk' } } },
          })),
          { ordered: false },
        ),
      ),
    );
    // distinct ids so every delete really removes a document
    const toDelete = [...new Set(pick(ids, OPS * 2).map(String))].slice(0, OPS).map((s) => new ObjectId(s));
    await run('deleteOne {_id}', (step) =>
      timeEach(step, toDelete, (id) => col.deleteOne({ _id: id })),
    );
    await run(`insertOne x${CONCURRENT_INSERTS}, ${CONCURRENCY} concurrent`, (step) =>
      timeBulk(step, CONCURRENT_INSERTS, async () => {
        let next = DOCS;
        const end = DOCS + CONCURRENT_INSERTS;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < end) await col.insertOne(makeDoc(next++));
          }),
        );
      }),
    );
  } finally {
    if (!KEEP) await withTimeout(db.dropDatabase()).catch(() => {});
    await client.close(true).catch(() => {});
  }
  return { info, rows };
}

function fmt(v, digits = 1) {
  if (v === undefined || v === null || Number.isNaN(v)) return '';
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(v >= 10 ? 1 : digits + 1);
}

function printTable({ info, rows }) {
  console.log(`\n${info.uri}`);
  console.log(
    `  server ${info.server}, maxWireVersion ${info.maxWireVersion}, db ${info.db}, docs after insert ${info.docs}`,
  );
  const head = ['step', 'n', 'ops/s', 'mean ms', 'p50 ms', 'p95 ms'];
  const body = rows.map((r) =>
    r.error
      ? [r.step, '', r.error, '', '', '']
      : [r.step, String(r.n), fmt(r.opsPerSec), fmt(r.meanMs), fmt(r.p50Ms), fmt(r.p95Ms)],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const b of body) console.log(line(b));
}

const results = [];
for (const uri of uris) {
  try {
    const r = await probe(uri);
    printTable(r);
    results.push(r);
  } catch (e) {
    console.log(`\n${uri}\n  failed: ${e.message ?? e}`);
  }
}
if (results.length > 1) {
  const [base, ...others] = results;
  console.log(`\nspeed-up (ops/s relative to ${base.info.uri})`);
  for (const r of base.rows) {
    const cells = others.map((o) => {
      const x = o.rows.find((y) => y.step === r.step);
      if (!x || x.error || r.error) return (x?.error ?? r.error ?? '?').padStart(10);
      return `${(x.opsPerSec / r.opsPerSec).toFixed(1)}x`.padStart(10);
    });
    console.log(`  ${r.step.padEnd(40)}${cells.join('')}`);
  }
}
process.exit(0);
