import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { deadLetterTopic, type EventEnvelope } from '@gridpay/contracts';
import { uuidv7 } from '@gridpay/shared/ids';
import { localKafkaControl, uniqueName, waitFor, waitForGroupCaughtUp } from '@gridpay/shared/testing';
import { testCustomerCode } from '@gridpay/shared/event-store/testing';
import { BackboneHarness, RecordingHandler } from './backbone.harness';
import { redriveDeadLetters } from './dead-letters';
import { eventStoreSource, kafkaSource } from './event-sources';
import { ProjectionStore } from './projection-store';
import { paidByCustomer } from '@gridpay/shared/event-store/testing';

const equalMaps = async <V>(actual: () => Promise<Map<string, V>>, expected: Map<string, V>, what: string) =>
  waitFor(what, async () => {
    const got = await actual();
    return (
      got.size === expected.size &&
      [...expected].every(([k, v]) => JSON.stringify(got.get(k)) === JSON.stringify(v))
    );
  });

function paymentEnvelope(
  overrides: Partial<EventEnvelope> = {},
  data: Record<string, unknown> = {},
): EventEnvelope {
  const customerCode = testCustomerCode();
  return {
    eventId: uuidv7(),
    type: 'PaymentReceived',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    producer: 'it',
    partitionKey: customerCode,
    correlationId: 'it',
    data: {
      paymentId: uniqueName('pay'),
      customerCode,
      amount: 120_000,
      partner: 'momo',
      channel: 'wallet',
      cashless: true,
      partnerReference: 'ref',
      paidAt: '2026-11-25T08:00:00Z',
      ...data,
    },
    ...overrides,
  };
}

describe('event backbone through the real broker and server', () => {
  let bb: BackboneHarness;
  beforeEach(async () => {
    bb = await new BackboneHarness().setUp();
  });
  afterEach(() => bb.tearDown());

  it('store → relay → Kafka → consumer → projection applies every event once, and a redelivery has no effect', async () => {
    const expected = await bb.recordPayments(4, 40);
    const relay = bb.relay();
    relay.start();
    const consumer = await bb.consumer();
    await equalMaps(() => bb.projected(), expected, 'the projection to match the payments');
    await waitFor('the outbox to drain', async () => (await relay.backlog()) === 0);

    const [first] = await bb.publishedEnvelopes();
    await bb.send(bb.paymentsTopic, first);
    await bb.send(bb.paymentsTopic, first);
    await waitForGroupCaughtUp(bb.admin, consumer.groupId, [bb.paymentsTopic]);
    expect(consumer.stats.duplicates).toBe(2);
    expect(await bb.projected()).toEqual(expected);
  });

  it('relay with Kafka stopped and restarted mid-stream: no event lost, none applied twice', async () => {
    const kafka = localKafkaControl();
    if (!kafka) {
      console.warn('skipped: KAFKA_BROKERS points at an external cluster this test must not stop');
      return;
    }
    const relay = bb.relay();
    relay.start();
    await bb.consumer();
    const before = await bb.recordPayments(5, 30);
    await equalMaps(() => bb.projected(), before, 'the first half to arrive');

    kafka.stop();
    try {
      const after = await bb.recordPayments(5, 30);
      await waitFor('the relay to notice Kafka is gone', () => relay.stats.failures > 0);
      expect(await relay.backlog()).toBeGreaterThan(0);
      expect(bb.logs.some((l) => l.level === 'warn' && /outbox relay cannot publish/.test(l.msg))).toBe(true);
      for (const [key, value] of after) before.set(key, value);
    } finally {
      kafka.start();
    }
    await waitFor(
      'every payment, once, after Kafka returned',
      async () => JSON.stringify([...(await bb.projected())].sort()) === JSON.stringify([...before].sort()),
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    await waitFor('the backlog to drain', async () => (await relay.backlog()) === 0);
    const projected = await bb.projected();
    expect([...projected.values()].reduce((n, d) => n + d.payments, 0)).toBe(60);
  }, 180_000);

  it('dead-letters a poison message with its reason and original headers while good ones keep flowing; re-drives after a fix', async () => {
    let brokenFor: string | undefined;
    const recording = new RecordingHandler();
    const consumer = await bb.consumer({
      maxAttempts: 2,
      handler: {
        handle: async (events) => {
          for (const event of events) {
            if (event.type === 'PaymentReceived' && event.data.paymentId === brokenFor)
              throw new Error('bug: cannot handle this payment');
          }
          await recording.handle(events);
        },
      },
    });
    const good1 = paymentEnvelope();
    const badSchema = paymentEnvelope({}, { amount: 1.5 });
    const handlerFails = paymentEnvelope();
    brokenFor = (handlerFails.data as { paymentId: string }).paymentId;
    const good2 = paymentEnvelope();
    await bb.send(bb.paymentsTopic, good1);
    await bb.send(bb.paymentsTopic, '{not json', { 'x-origin': 'partner-42' });
    await bb.send(bb.paymentsTopic, badSchema, { 'x-origin': 'partner-43' });
    await bb.send(bb.paymentsTopic, handlerFails);
    await bb.send(bb.paymentsTopic, good2);

    await waitFor('the good events', () => recording.events.length === 2);
    expect(recording.events.map((e) => e.eventId).sort()).toEqual([good1.eventId, good2.eventId].sort());
    await waitForGroupCaughtUp(bb.admin, consumer.groupId, [bb.paymentsTopic]);
    expect(consumer.stats.deadLettered).toBe(3);

    const dlq = await readTopic(bb, deadLetterTopic(consumer.groupId), 3);
    const reasons = dlq.map((m) => m.headers['dlq-reason']);
    expect(reasons).toEqual([
      expect.stringMatching(/^invalid event: not JSON/),
      expect.stringMatching(/^invalid event: PaymentReceived v1: data\.amount: amount must be a whole/),
      expect.stringMatching(/^failed 2 times: bug: cannot handle this payment/),
    ]);
    expect(dlq[0].headers['x-origin']).toBe('partner-42');
    expect(dlq[1].headers['x-origin']).toBe('partner-43');
    expect(dlq[2].headers['dlq-original-topic']).toBe(bb.paymentsTopic);

    brokenFor = undefined; // the fix
    const redrive = await redriveDeadLetters(bb.kafka.kafka, consumer.groupId);
    expect(redrive.redriven).toBe(3);
    await waitFor('the re-driven event to be handled', () =>
      recording.events.some((e) => e.eventId === handlerFails.eventId),
    );
    // still-invalid messages come back to the dead letters, the fixed one does not
    await waitFor('the invalid ones to be dead-lettered again', () => consumer.stats.deadLettered === 5);
    expect((await redriveDeadLetters(bb.kafka.kafka, consumer.groupId)).redriven).toBe(2);
  });

  it('a rebuilt projection equals the live one, from the event store and from Kafka', async () => {
    const expected = await bb.recordPayments(6, 48);
    bb.relay().start();
    await bb.consumer();
    await equalMaps(() => bb.projected(), expected, 'the live projection');
    const live = await bb.projection.all();

    const fromStore = await bb.projection.rebuild(eventStoreSource(bb.store, 7));
    expect(fromStore.events).toBe(48);
    expect(await bb.projection.all()).toEqual(live);

    const fromKafka = new ProjectionStore(bb.connection, paidByCustomer);
    const rebuilt = await fromKafka.rebuild(kafkaSource(bb.kafka.kafka, [bb.paymentsTopic]));
    expect(rebuilt.events).toBe(48);
    expect(await fromKafka.all()).toEqual(live);

    // the live consumer keeps writing into the swapped-in collection
    const more = await bb.recordPayments(2, 4);
    for (const [key, value] of more) expected.set(key, value);
    await equalMaps(() => bb.projected(), expected, 'the projection after the rebuild');
  });

  it('reads the previous schema version through its upcaster', async () => {
    const recording = new RecordingHandler();
    await bb.consumer({ topics: [bb.customersTopic], handler: recording });
    const customerCode = testCustomerCode();
    await bb.send(
      bb.customersTopic,
      {
        eventId: uuidv7(),
        type: 'CustomerRegistered',
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        producer: 'customer-system',
        partitionKey: customerCode,
        correlationId: 'it',
        data: {
          customerCode,
          name: 'Trần Thị Bình',
          commune: 'Quế Xuân',
          households: 2,
          purpose: 'residential',
          phone: '0935111222',
        },
      },
      {},
      customerCode,
    );
    await waitFor('the upcast event', () => recording.events.length === 1);
    expect(recording.events[0]).toMatchObject({
      type: 'CustomerRegistered',
      schemaVersion: 2,
      data: { customerCode, households: 2, contact: { phone: '+84935111222' }, threePriceMeter: false },
    });
  });

  it('a commit whose writer died before queueing it is found by the sweep and published', async () => {
    const expected = await bb.recordPayments(2, 6);
    const [lost] = await bb.store.outboxEntries.find({}).limit(1).toArray();
    await bb.store.outboxEntries.deleteOne({ _id: lost._id }); // what a crash between the two inserts leaves
    const relay = bb.relay({ sweepSettleMs: 0 });
    relay.start();
    await bb.consumer();
    await equalMaps(() => bb.projected(), expected, 'every payment, the lost one included');
    expect(bb.logs.some((l) => /outbox sweep re-queued 1 commits/.test(l.msg))).toBe(true);
  });

  it('an entry a slow writer inserts behind a round that already read past its seq is published by the next round', async () => {
    const expected = await bb.recordPayments(2, 6);
    const [late] = await bb.store.outboxEntries.find({}).sort({ seq: 1 }).limit(1).toArray();
    await bb.store.outboxEntries.deleteOne({ _id: late._id });
    let slowWriterDone = false;
    // The writer took its seq before the round began and inserts while the round's batch is on its way.
    const producer = new Proxy(bb.kafka.producer, {
      get: (target, key) =>
        key === 'sendBatch'
          ? async (...args: Parameters<typeof target.sendBatch>) => {
              if (!slowWriterDone) {
                slowWriterDone = true;
                await bb.store.outboxEntries.insertOne(late);
              }
              return target.sendBatch(...args);
            }
          : Reflect.get(target, key),
    });
    bb.relay({ sweepSettleMs: 600_000 }, producer).start();
    await bb.consumer();
    await equalMaps(() => bb.projected(), expected, 'every payment, the late one included, without a sweep');
    expect(slowWriterDone).toBe(true);
    expect(bb.logs.some((l) => /outbox sweep/.test(l.msg))).toBe(false);
  });

  it('two relays on one outbox: one publishes at a time, the other takes over when it stops', async () => {
    const recording = new RecordingHandler();
    const consumer = await bb.consumer({ handler: recording });
    const a = bb.relay({ instanceId: 'relay-a' });
    const b = bb.relay({ instanceId: 'relay-b' });
    a.start();
    b.start();
    await bb.recordPayments(3, 20);
    await waitFor('20 events', () => recording.events.length === 20);
    expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
    const [leader, standby] = a.isLeader ? [a, b] : [b, a];
    expect(standby.stats.published).toBe(0);

    await leader.stop();
    await bb.recordPayments(3, 10);
    await waitFor('the standby to take over', () => recording.events.length === 30, { timeoutMs: 30_000 });
    expect(standby.stats.published).toBe(10);
    await waitForGroupCaughtUp(bb.admin, consumer.groupId, [bb.paymentsTopic]);
    expect(consumer.stats.duplicates).toBe(0);
  });

  it("the consumer's span is a child of the producer's, in the trace of the operation that appended", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    try {
      const recording = new RecordingHandler();
      await bb.consumer({ handler: recording });
      const request = trace.getTracer('it').startSpan('POST /payments');
      await context.with(trace.setSpan(context.active(), request), () => bb.recordPayments(1, 1));
      request.end();
      bb.relay().start();
      await waitFor('the event', () => recording.events.length === 1);
      const spans = await waitFor('the consumer span', () => {
        const all = exporter.getFinishedSpans();
        return all.some((s) => s.name === 'process PaymentReceived') ? all : undefined;
      });
      const publish = spans.find((s) => s.name === 'publish PaymentReceived')!;
      const processSpan = spans.find((s) => s.name === 'process PaymentReceived')!;
      expect(processSpan.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
      expect(processSpan.spanContext().traceId).toBe(request.spanContext().traceId);
      expect(publish.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    } finally {
      trace.disable();
      propagation.disable();
      context.disable();
      await provider.shutdown();
    }
  });
});

async function readTopic(bb: BackboneHarness, topic: string, count: number) {
  const messages: Array<{ value: string; headers: Record<string, string> }> = [];
  const consumer = bb.kafka.kafka.consumer({ groupId: uniqueName('it-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      messages.push({ value: String(message.value), headers });
    },
  });
  try {
    await waitFor(`${count} messages on ${topic}`, () => messages.length >= count);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
