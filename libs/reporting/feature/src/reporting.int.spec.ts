import type { KnownEvent } from '@gridpay/contracts';
import {
  buildTable,
  customerLedgerProjection,
  reconciliationDaysProjection,
  TABLE_NAMES,
  type CustomerLedger,
  type ReconciliationDay,
  type ReportData,
} from '@gridpay/reporting/domain';
import { handComputedMonth, MONTH_TARGETS } from '@gridpay/reporting/domain/testing';
import { kafkaSource, ProjectionStore } from '@gridpay/shared/messaging';
import { waitFor } from '@gridpay/shared/testing';
import { reportingTopics } from './reporting.options';
import { freshCodes, ReportingHarness, uuidv7 } from './reporting.harness';

function fold(events: KnownEvent[]): ReportData {
  const ledgers = new Map<string, CustomerLedger>();
  const days = new Map<string, ReconciliationDay>();
  for (const event of events) {
    const key = customerLedgerProjection.keyOf(event);
    if (key)
      ledgers.set(
        key,
        customerLedgerProjection.evolve(ledgers.get(key) ?? customerLedgerProjection.initial(key), event),
      );
    const day = reconciliationDaysProjection.keyOf(event);
    if (day)
      days.set(
        day,
        reconciliationDaysProjection.evolve(
          days.get(day) ?? reconciliationDaysProjection.initial(day),
          event,
        ),
      );
  }
  return { ledgers: [...ledgers.values()], reconciliation: [...days.values()], targets: MONTH_TARGETS };
}

describe('reporting over real Kafka and FerretDB/MongoDB', () => {
  const harness = new ReportingHarness();
  let month: KnownEvent[];

  beforeAll(async () => {
    await harness.setUp();
    expect((await harness.put('/reports/campaign/targets', MONTH_TARGETS)).status).toBe(200);
    month = handComputedMonth({ code: freshCodes(), eventId: uuidv7, ids: `${Date.now().toString(36)}-` });
    // Every event of the first half is delivered twice: the projections must not count it again.
    await harness.publish([...month, ...month.slice(0, Math.floor(month.length / 2))]);
    await waitFor(
      'the whole month in the projections',
      async () => {
        const [summary, recon, debits] = await Promise.all([
          harness.get('/reports/summary'),
          harness.get('/reports/reconciliation'),
          harness.get('/reports/auto-debit'),
        ]);
        const s = summary.body?.rows?.[0];
        return (
          s?.billedCustomers === 8 &&
          s.paidThroughPartners === 5 &&
          s.paidCashless === 3 &&
          s.outstandingAllPeriods === 750_000 &&
          s.enrollments === 4 &&
          recon.body?.rows?.length === 2 &&
          recon.body.rows[1].status === 'matched' &&
          debits.body?.rows?.[0]?.attempts === 4
        );
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }, 90_000);

  afterAll(() => harness.tearDown());

  it('serves every table exactly as the hand-computed month folds, duplicates delivered or not', async () => {
    const expected = fold(month);
    for (const name of TABLE_NAMES) {
      const answer = await harness.get(`/reports/${name}`);
      expect(answer.status).toBe(200);
      expect({ name, rows: answer.body.rows }).toEqual({ name, rows: buildTable(name, expected, {}).rows });
    }
    const shares = await harness.get('/reports/shares?period=2025-06&commune=Qu%E1%BA%BF%20Ph%C3%BA');
    expect(shares.body.filters).toEqual({ period: '2025-06', commune: 'Quế Phú' });
    expect(shares.body.rows[0]).toMatchObject({
      billedCustomers: 4,
      paidThroughPartners: 2,
      paidCashless: 1,
    });
  });

  it('rebuilds both projections from the topics into documents and tables equal to the live ones', async () => {
    const topics = reportingTopics(harness.topicPrefix);
    const ledgers = new ProjectionStore(harness.connection, customerLedgerProjection);
    const days = new ProjectionStore(harness.connection, reconciliationDaysProjection);
    const liveLedgers = await ledgers.all();
    const liveDays = await days.all();
    const liveTables = await Promise.all(TABLE_NAMES.map((name) => harness.get(`/reports/${name}`)));
    const liveCollection = await ledgers.activeName();

    const rebuiltLedger = await ledgers.rebuild(kafkaSource(harness.kafka.kafka, topics.ledger));
    const rebuiltDays = await days.rebuild(kafkaSource(harness.kafka.kafka, topics.reconciliation));
    expect(rebuiltLedger.collection).not.toBe(liveCollection);
    expect(await ledgers.activeName()).toBe(rebuiltLedger.collection);
    expect(rebuiltDays.events).toBe(3);

    expect((await ledgers.all()).map((d) => d.state)).toEqual(liveLedgers.map((d) => d.state));
    expect((await days.all()).map((d) => d.state)).toEqual(liveDays.map((d) => d.state));
    const rebuiltTables = await Promise.all(TABLE_NAMES.map((name) => harness.get(`/reports/${name}`)));
    expect(rebuiltTables.map((t) => t.body.rows)).toEqual(liveTables.map((t) => t.body.rows));
  }, 60_000);

  it('exports CSV with the JSON columns, the filters applied, a BOM and a download name', async () => {
    const csv = await harness.get('/reports/channels?period=2025-06&partner=momo&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="channels-2025-06-momo.csv"');
    expect(csv.text).toBe(
      '\uFEFFperiod,partner,channel,customers,payments,amount\r\n2025-06,momo,WALLET,2,2,400000\r\n',
    );
    const debt = await harness.get('/reports/debt?asOf=2025-07-20&format=csv');
    expect(debt.text).toBe(
      '\uFEFFcommune,ageBucket,asOf,bills,customers,outstanding\r\n' +
        'Quế Phú,1-30 days,2025-07-20,2,2,600000\r\n' +
        'Quế Xuân,1-30 days,2025-07-20,1,1,150000\r\n',
    );
    for (const name of TABLE_NAMES) {
      const [json, text] = await Promise.all([
        harness.get(`/reports/${name}`),
        harness.get(`/reports/${name}?format=csv`),
      ]);
      const lines = text.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe(json.body.columns.join(','));
      expect(lines.length - 1).toBe(json.body.rows.length);
    }
  });

  it('answers 400 naming the filter or field that is wrong, and 404 for an unknown table', async () => {
    expect((await harness.get('/reports/shares?period=June')).body.message).toMatch(/^period: /);
    expect((await harness.get('/reports/debt?asOf=20-07-2025')).body.message).toMatch(/^asOf: /);
    expect((await harness.get('/reports/shares?format=xlsx')).status).toBe(400);
    expect((await harness.get('/reports/no-such-table')).status).toBe(404);
    const bad = await harness.put('/reports/campaign/targets', { ...MONTH_TARGETS, teams: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual(['teams: at least one team']);
  });

  it('replaces targets and team membership: the leaderboard and plan follow at once', async () => {
    const moved = {
      ...MONTH_TARGETS,
      plan: { ...MONTH_TARGETS.plan, enrollmentsPerMonth: 8 },
      teams: [
        ...MONTH_TARGETS.teams,
        { code: 'C', name: 'Team C', target: 1, members: [{ code: 'NV999', name: 'Hải', target: 1 }] },
      ],
    };
    expect((await harness.put('/reports/campaign/targets', moved)).body.source).toBe('replaced');
    const campaign = await harness.get('/reports/campaign?period=2025-06');
    expect(campaign.body.rows.find((r: { employee: string }) => r.employee === 'NV999')).toMatchObject({
      team: 'C',
      target: 1,
      progress: 1,
    });
    expect((await harness.get('/reports/plan')).body.rows[0]).toMatchObject({
      enrollments: 4,
      targetEnrollments: 8,
      enrollmentsProgress: 0.5,
    });
    expect((await harness.get('/reports/campaign/targets')).body.targets.teams).toHaveLength(3);
  });
});
