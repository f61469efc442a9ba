import mongoose, { type Connection } from 'mongoose';
import { fold } from '@gridpay/shared/ddd';
import { infra, uniqueName } from '@gridpay/shared/testing';
import { accountDecider, accountStream, testCustomerCode, type AccountEvent } from './testing';
import { CommandHandler } from './command-handler';
import { EventStore, StreamVersionConflict } from './event-store';

const recorded = (paymentId: string, amount = 100_000): AccountEvent => ({
  type: 'PaymentRecorded',
  data: { customerCode: 'PB05020054904', paymentId, amount, paidAt: '2026-11-25T08:00:00Z' },
});

describe('event store on the real MongoDB-wire server', () => {
  let connection: Connection;
  let store: EventStore;

  beforeAll(async () => {
    connection = await mongoose.createConnection(infra.mongoUri, { dbName: uniqueName('it-es') }).asPromise();
    store = new EventStore(connection);
    await store.ensureIndexes();
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('concurrent appends at the same version: exactly one wins, the others get a typed conflict', async () => {
    const streamId = uniqueName('stream');
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        store.append({
          streamId,
          expectedVersion: 0,
          events: [recorded(`p${i}`)],
          partitionKey: 'PB05020054904',
        }),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(11);
    for (const loss of lost) expect(loss.reason).toBeInstanceOf(StreamVersionConflict);

    const next = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.append({
          streamId,
          expectedVersion: 1,
          events: [recorded(`q${i}`), recorded(`r${i}`)],
          partitionKey: 'x',
        }),
      ),
    );
    expect(next.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const { version, events } = await store.load(streamId);
    expect(version).toBe(3);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
  });

  it('a stale writer cannot append behind the head', async () => {
    const streamId = uniqueName('stream');
    await store.append({
      streamId,
      expectedVersion: 0,
      events: [recorded('a'), recorded('b')],
      partitionKey: 'x',
    });
    await store.append({ streamId, expectedVersion: 2, events: [recorded('c')], partitionKey: 'x' });
    await expect(
      store.append({ streamId, expectedVersion: 2, events: [recorded('d')], partitionKey: 'x' }),
    ).rejects.toBeInstanceOf(StreamVersionConflict);
  });

  it('one append is one commit document holding all its events and its outbox', async () => {
    const streamId = uniqueName('stream');
    const commit = await store.append({
      streamId,
      expectedVersion: 0,
      events: [recorded('a'), recorded('b')],
      partitionKey: 'k',
    });
    const docs = await store.allCommits({ streamId });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ _id: `${streamId}:1`, startVersion: 1, endVersion: 2, outbox: [] });
    expect(await store.outboxEntries.countDocuments({ streamId })).toBe(0);
    expect(docs[0].events.map((e) => e.eventId)).toEqual(commit.events.map((e) => e.eventId));
  });

  it('appendMany stores the commits that fit and reports the conflicting ones', async () => {
    const taken = uniqueName('stream');
    await store.append({ streamId: taken, expectedVersion: 0, events: [recorded('x')], partitionKey: 'k' });
    const fresh = [uniqueName('stream'), uniqueName('stream')];
    const result = await store.appendMany([
      { streamId: fresh[0], expectedVersion: 0, events: [recorded('a')], partitionKey: 'k' },
      { streamId: taken, expectedVersion: 0, events: [recorded('b')], partitionKey: 'k' },
      { streamId: fresh[1], expectedVersion: 0, events: [recorded('c')], partitionKey: 'k' },
    ]);
    expect(result.appended.map((c) => c.streamId)).toEqual(fresh);
    expect(result.conflicts.map((c) => c.streamId)).toEqual([taken]);
    expect((await store.load(taken)).version).toBe(1);
  });

  it('the command handler reloads and decides again on conflict, so every command lands once', async () => {
    const handler = new CommandHandler(store, accountStream, 50);
    const customerCode = testCustomerCode();
    const ctx = { correlationId: 'it', now: new Date('2026-11-25T08:00:00Z') };
    const commands = Array.from({ length: 15 }, (_, i) => ({
      type: 'RecordPayment' as const,
      customerCode,
      paymentId: `pay-${i}`,
      amount: 10_000 + i,
      paidAt: '2026-11-25T08:00:00Z',
    }));
    await Promise.all(commands.map((command) => handler.handle(command, ctx)));
    // the same payment again decides nothing: idempotent by business key
    const again = await handler.handle(commands[3], ctx);
    expect(again.events).toEqual([]);

    const { version, events } = await store.load<AccountEvent>(`account-${customerCode}`);
    expect(version).toBe(15);
    const state = fold(accountDecider, events);
    expect(state.paid).toBe(commands.reduce((sum, c) => sum + c.amount, 0));
    expect(new Set(state.paymentIds).size).toBe(15);
    const outbox = (await store.allCommits({ streamId: `account-${customerCode}` })).flatMap((c) => c.outbox);
    expect(outbox).toHaveLength(15);
    expect(outbox[0]).toMatchObject({
      type: 'PaymentReceived',
      schemaVersion: 1,
      partitionKey: customerCode,
      producer: 'backbone-test',
    });
  });
});
