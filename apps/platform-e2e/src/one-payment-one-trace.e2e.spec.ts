import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '@gridpay/contracts';
import { freePort, infra, ServiceProcess, SmtpReceiver, uniqueName, waitFor } from '@gridpay/shared/testing';
import { call, signed } from './partner-calls';
import { serviceEnv } from './service-env';

jest.setTimeout(120_000);

const SERVICES = ['gateway', 'provider-integration', 'billing', 'notification', 'reporting'] as const;
type Service = (typeof SERVICES)[number];

/**
 * Every consumer group the five services run, by its name without KAFKA_GROUP_PREFIX. The test checks
 * at the end that the services joined no prefixed group missing here: one that is would have read the
 * shared topics' whole history (and notification would have scheduled messages for old bills).
 */
const GROUPS = [
  'billing.customers',
  'billing.meter-readings',
  'billing.settlement',
  'provider-integration.open-bills',
  'provider-integration.auto-debit',
  'notification.views',
  'notification.messages',
  'notification.outreach',
  'reporting.ledger',
  'reporting.reconciliation',
];

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

const kafka = () =>
  new Kafka({ clientId: 'one-trace-test', brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });

/**
 * Commits the end of every platform topic for each group before its service joins: the fresh groups
 * then read only what this test publishes, not the history other runs left on the shared topics.
 * One short-lived member per group seeks every partition (admin.setOffsets does one topic per join
 * and waits out a 5 s fetch each time: 70 of them would take minutes).
 */
async function startGroupsAtTail(groups: string[]): Promise<void> {
  const client = kafka();
  const admin = client.admin();
  await admin.connect();
  let ends: Array<{ topic: string; partitions: Array<{ partition: number; high: string }> }>;
  try {
    const existing = new Set(await admin.listTopics());
    const topics = Object.values(TOPICS).filter((topic) => existing.has(topic));
    ends = await Promise.all(
      topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })),
    );
  } finally {
    await admin.disconnect();
  }
  const topics = ends.map(({ topic }) => topic);
  await Promise.all(
    groups.map(async (groupId) => {
      const consumer = client.consumer({ groupId, maxWaitTimeInMs: 100 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics, fromBeginning: true });
        // Seeks are committed when the first fetch applies them; nothing is consumed.
        await new Promise<void>((resolve, reject) => {
          consumer.on(consumer.events.FETCH, () => consumer.stop().then(resolve, reject));
          consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
          consumer.pause(topics.map((topic) => ({ topic })));
          for (const { topic, partitions } of ends) {
            for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
          }
        });
      } finally {
        await consumer.disconnect();
      }
    }),
  );
}

async function groupsNamed(prefix: string): Promise<string[]> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix));
  } finally {
    await admin.disconnect();
  }
}

async function zipkin<T>(path: string): Promise<T> {
  const response = await fetch(`${infra.zipkinUrl}${path}`);
  if (!response.ok) throw new Error(`Zipkin ${path}: ${response.status}`);
  return (await response.json()) as T;
}

const serviceOf = (span: ZipkinSpan) => span.localEndpoint?.serviceName ?? '?';
const describeSpan = (span: ZipkinSpan) => `${serviceOf(span)} ${span.kind ?? 'INTERNAL'} ${span.name}`;

describe('one payment, one trace (the five services as processes, exporting to Zipkin)', () => {
  const running: ServiceProcess[] = [];
  const smtp = new SmtpReceiver();
  afterAll(async () => {
    await Promise.all(running.map((service) => service.kill()));
    await smtp.stop().catch(() => undefined);
  });

  it('a bill paid through the gateway is one tree of spans across all five services, Kafka hops included', async () => {
    const started = Date.now();
    const run = uniqueName('one-trace');
    const groupPrefix = `${run}.`;
    // Zipkin keeps service names in lower case.
    const names = Object.fromEntries(SERVICES.map((s) => [s, `${s}-${run}`])) as Record<Service, string>;
    await startGroupsAtTail(GROUPS.map((group) => groupPrefix + group));
    await smtp.start();

    const envOf = (service: Service, own: Record<string, string> = {}) =>
      serviceEnv({
        MONGODB_DB: uniqueName(`e2e-${service}`),
        KAFKA_GROUP_PREFIX: groupPrefix,
        OTEL_SERVICE_NAME: names[service],
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${infra.zipkinUrl}/api/v2/spans`,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        LOG_LEVEL: 'warn',
        ...own,
      });
    const billing = new ServiceProcess('billing', await freePort(), envOf('billing'));
    const providerIntegration = new ServiceProcess(
      'provider-integration',
      await freePort(),
      envOf('provider-integration'),
    );
    // The customer has no phone or email: nothing is sent, but the service must not reach whatever
    // listens on the default SMS and SMTP ports of this machine.
    const notification = new ServiceProcess(
      'notification',
      await freePort(),
      envOf('notification', {
        SMTP_URL: smtp.url,
        SMS_GATEWAY_URL: `http://127.0.0.1:${await freePort()}/sms`,
      }),
    );
    const reporting = new ServiceProcess('reporting', await freePort(), envOf('reporting'));
    const gateway = new ServiceProcess(
      'gateway',
      await freePort(),
      envOf('gateway', { PROVIDER_INTEGRATION_URL: providerIntegration.url }),
    );
    running.push(billing, providerIntegration, notification, reporting, gateway);
    await Promise.all(running.map((service) => service.waitForReadiness(200, 60_000)));
    const readyAt = Date.now();

    // One customer, one reading, the month's bill run: BillIssued reaches provider-integration.
    const customerCode = `PT${randomBytes(2).readUInt16BE(0).toString().padStart(4, '0').slice(-4)}${String(Date.now()).slice(-7)}`;
    const csv = { 'content-type': 'text/csv' };
    expect(
      await call(
        billing.url,
        'POST',
        '/customers/import',
        `customerCode,name,commune,purpose\n${customerCode},Trần Thị Bình,Quế Châu,residential\n`,
        csv,
      ),
    ).toMatchObject({ status: 201, body: { accepted: 1 } });
    expect(
      await call(
        billing.url,
        'POST',
        '/readings/import',
        `customerCode,readDate,oldIndex,newIndex\n${customerCode},2026-10-20,500,620\n`,
        csv,
      ),
    ).toMatchObject({ status: 201 });
    expect((await call(billing.url, 'POST', '/bill-runs/2026-10')).status).toBe(202);
    const billId = `${customerCode}-2026-10`;
    const inquiry = await waitFor(
      'the bill in the partner inquiry',
      async () => {
        const answer = await signed(gateway, 'GET', `/v1/bills?customerCode=${customerCode}`);
        return answer.status === 200 && answer.body.bills?.length === 1 ? answer.body : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    const amountDue: number = inquiry.bills[0].amountDue;
    const paidAt = Date.now();

    const partnerTxnId = uniqueName('AGR');
    expect(
      await signed(gateway, 'POST', '/v1/payments', {
        partnerTxnId,
        customerCode,
        amount: amountDue,
        channel: 'MOBILE_BANKING',
        paidAt: new Date().toISOString(),
      }),
    ).toMatchObject({ status: 201, body: { partnerTxnId, status: 'ACCEPTED', appliedTo: [{ billId }] } });

    // The gateway's server span of that one POST /v1/payments is the root of the payment's trace.
    const root = await waitFor(
      'the gateway’s POST /v1/payments span in Zipkin',
      async () => {
        const traces = await zipkin<ZipkinSpan[][]>(
          `/api/v2/traces?serviceName=${names.gateway}&lookback=600000&limit=1000`,
        );
        return traces
          .flat()
          .find(
            (span) =>
              span.kind === 'SERVER' &&
              Object.values(span.tags ?? {}).some((value) => /\/v1\/payments$/.test(value)),
          );
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );

    // Spans arrive as each service ends and exports them: wait until the hops checked below and every
    // span's parent have arrived, or until the time is up and the checks say what is missing.
    let spans: ZipkinSpan[] = [];
    const named = (service: Service, kind: ZipkinSpan['kind'], name: string) =>
      spans.filter(
        (span) =>
          serviceOf(span) === names[service] && span.kind === kind && span.name === name.toLowerCase(),
      );
    const complete = () => {
      const ids = new Set(spans.map((span) => span.id));
      return (
        spans.every((span) => span.parentId === undefined || ids.has(span.parentId)) &&
        named('provider-integration', 'PRODUCER', 'publish PaymentReceived').length > 0 &&
        (['billing', 'notification', 'reporting'] as const).every(
          (service) => named(service, 'CONSUMER', 'process PaymentReceived').length > 0,
        ) &&
        named('billing', 'PRODUCER', 'publish BillSettled').length > 0 &&
        named('provider-integration', 'CONSUMER', 'process BillSettled').length > 0
      );
    };
    const deadline = Date.now() + 30_000;
    do {
      spans = await zipkin<ZipkinSpan[]>(`/api/v2/trace/${root.traceId}`).catch(() => spans);
      if (complete()) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);
    const tracedAt = Date.now();
    const shown = spans.map(describeSpan).sort().join('\n  ');

    // One trace, one tree: a single root (the gateway's request), every other span's parent in it.
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([root.traceId]));
    const ids = new Set(spans.map((span) => span.id));
    const roots = spans.filter((span) => span.parentId === undefined);
    expect({ roots: roots.map(describeSpan), spans: shown }).toEqual({
      roots: [describeSpan(root)],
      spans: shown,
    });
    const orphans = spans.filter((span) => span.parentId !== undefined && !ids.has(span.parentId));
    expect({ orphans: orphans.map(describeSpan), spans: shown }).toEqual({ orphans: [], spans: shown });

    // Exactly the five services of this run.
    expect([...new Set(spans.map(serviceOf))].sort()).toEqual(SERVICES.map((s) => names[s]).sort());

    // The Kafka hops: provider-integration's relay publishes PaymentReceived (PRODUCER); billing,
    // notification and reporting each process it (CONSUMER) as children of that publish span.
    const byId = new Map(spans.map((span) => [span.id, span]));
    const published = named('provider-integration', 'PRODUCER', 'publish PaymentReceived');
    expect(published).toHaveLength(1);
    for (const consumer of ['billing', 'notification', 'reporting'] as const) {
      const processed = named(consumer, 'CONSUMER', 'process PaymentReceived');
      expect({ consumer, processed: processed.length > 0 }).toEqual({ consumer, processed: true });
      for (const span of processed) expect(span.parentId).toBe(published[0].id);
    }
    // Billing settles the bill inside that CONSUMER span and its BillSettled goes on in the same
    // trace: published by billing's relay, processed by provider-integration's open-bills projection.
    const settled = named('billing', 'PRODUCER', 'publish BillSettled');
    expect(settled).toHaveLength(1);
    const ancestors = (span: ZipkinSpan): ZipkinSpan[] => {
      const parent = span.parentId === undefined ? undefined : byId.get(span.parentId);
      return parent ? [parent, ...ancestors(parent)] : [];
    };
    expect(ancestors(settled[0]).map(describeSpan)).toContain(
      describeSpan(named('billing', 'CONSUMER', 'process PaymentReceived')[0]),
    );
    const openBills = named('provider-integration', 'CONSUMER', 'process BillSettled');
    expect(openBills.length).toBeGreaterThan(0);
    for (const span of openBills) expect(span.parentId).toBe(settled[0].id);

    // The consumers ran in this run's own groups (KAFKA_GROUP_PREFIX), and every group the services
    // joined under that prefix was started at the topics' end above.
    const consumerGroups = spans
      .filter((span) => span.kind === 'CONSUMER')
      .map((span) => span.tags?.['messaging.consumer.group.name'] ?? '');
    expect(consumerGroups.filter((group) => !group.startsWith(groupPrefix))).toEqual([]);
    const joined = await groupsNamed(groupPrefix);
    expect(joined.filter((group) => !GROUPS.includes(group.slice(groupPrefix.length)))).toEqual([]);

    const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    process.stdout.write(
      `one payment, one trace: ${spans.length} spans from ${SERVICES.length} services; services ready ` +
        `${s(started, readyAt)}, bill open at the gateway ${s(readyAt, paidAt)}, trace complete in ` +
        `Zipkin ${s(paidAt, tracedAt)}, in all ${s(started, Date.now())}\n`,
    );
  });
});
