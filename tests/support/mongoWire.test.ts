import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BSON, MongoClient } from 'mongodb';
import { createWireParser, OP_MSG, OP_QUERY, startMongoWireCounter, type MongoWireCounter } from './mongoWire.js';
import { startMongo, type TestMongo } from './mongo.js';

function opMsg(doc: Record<string, unknown>, sequence?: { id: string; docs: Record<string, unknown>[] }): Buffer {
  const body = BSON.serialize(doc);
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.from([0]), Buffer.from(body)];
  if (sequence) {
    const docs = sequence.docs.map((d) => Buffer.from(BSON.serialize(d)));
    const id = Buffer.from(`${sequence.id}\0`);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.reduce((n, d) => n + d.length, 0));
    parts.push(Buffer.from([1]), size, id, ...docs);
  }
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + payload.length, 0);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, payload]);
}

function opQuery(doc: Record<string, unknown>): Buffer {
  const payload = Buffer.concat([Buffer.alloc(4), Buffer.from('admin.$cmd\0'), Buffer.alloc(8), Buffer.from(BSON.serialize(doc))]);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + payload.length, 0);
  header.writeInt32LE(OP_QUERY, 12);
  return Buffer.concat([header, payload]);
}

describe('createWireParser', () => {
  const big = 'x'.repeat(200_000);
  const stream = Buffer.concat([
    opQuery({ isMaster: 1, client: { driver: 'x' } }),
    opMsg({ find: 'a', filter: {}, $db: 'test' }),
    opMsg({ insert: 'a', $db: 'test' }, { id: 'documents', docs: [{ big }, { big }] }),
    opQuery({ $query: { hello: 1 } }),
    opMsg({ getMore: 1, collection: 'a', $db: 'test' }),
  ]);
  const expected = ['isMaster', 'find', 'insert', 'hello', 'getMore'];

  function run(chunks: Buffer[]): string[] {
    const names: string[] = [];
    const parser = createWireParser((name) => names.push(name));
    for (const c of chunks) parser.push(c);
    return names;
  }

  it('reads several messages in one chunk', () => {
    expect(run([stream])).toEqual(expected);
  });

  it('reads messages split across chunks at any size', () => {
    for (const size of [1, 3, 7, 16, 17, 100, 1021, 65_536]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
      expect(run(chunks), `chunk size ${size}`).toEqual(expected);
    }
  });
});

describe('startMongoWireCounter with the real driver', () => {
  let mongo: TestMongo;
  let counter: MongoWireCounter;
  let client: MongoClient;

  beforeAll(async () => {
    mongo = await startMongo();
    counter = await startMongoWireCounter(mongo.uri);
    client = await new MongoClient(counter.uri).connect();
  });
  afterAll(async () => {
    await client?.close();
    await counter?.stop();
    await mongo?.stop();
  });

  it('keeps the database name and connects directly to the proxy', () => {
    expect(counter.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\//);
    expect(counter.uri).toContain('directConnection=true');
    expect(client.db().databaseName).toBe(mongo.db.databaseName);
    expect(counter.connectionsOpened()).toBeGreaterThan(0);
  });

  it('counts the handshake', () => {
    const names = counter.byCommand();
    expect((names.hello ?? 0) + (names.isMaster ?? 0) + (names.ismaster ?? 0)).toBeGreaterThan(0);
  });

  it('counts N finds as N and an insertMany once', async () => {
    const col = client.db().collection<{ _id: number; v: string }>('wire');
    counter.reset();
    await col.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, v: 'x'.repeat(1_000) })));
    expect(counter.byCommand().insert).toBe(1);

    counter.reset();
    const N = 25;
    for (let i = 0; i < N; i += 1) await col.find({ _id: i }).toArray();
    expect(counter.byCommand().find).toBe(N);
    expect(counter.totalExcludingHeartbeats()).toBe(N);

    counter.reset();
    await col.updateOne({ _id: 1 }, { $set: { v: 'y' } });
    await col.countDocuments({});
    const byCommand = counter.byCommand();
    expect(byCommand.update).toBe(1);
    expect(byCommand.aggregate).toBe(1);
    expect(counter.totalExcludingHeartbeats()).toBe(2);
    expect(counter.total()).toBeGreaterThanOrEqual(2);
  });
});
