import type { KnownEvent } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';
import { customerLedgerProjection } from '../ledger/customer-ledger.projection';
import { reconciliationDaysProjection } from '../reconciliation/reconciliation-days.projection';
import { toCsv } from '../csv/to-csv';
import { handComputedMonth, MONTH_TARGETS } from './hand-computed-month.harness';
import { buildTable, filterOptions, type ReportData, type TableName } from './report-tables';
import type { ReportFilter } from './ledger-facts';

function project<Doc>(projection: Projection<KnownEvent, Doc>, events: KnownEvent[]): Map<string, Doc> {
  const docs = new Map<string, Doc>();
  for (const event of events) {
    const key = projection.keyOf(event);
    if (key === undefined) continue;
    docs.set(key, projection.evolve(docs.get(key) ?? projection.initial(key), event));
  }
  return docs;
}

function dataOf(events: KnownEvent[]): ReportData {
  return {
    ledgers: [...project(customerLedgerProjection, events).values()],
    reconciliation: [...project(reconciliationDaysProjection, events).values()],
    targets: MONTH_TARGETS,
  };
}

const month = handComputedMonth();
const data = dataOf(month);
const rows = (name: TableName, filter: ReportFilter = {}) => buildTable(name, data, filter).rows;

describe('the hand-computed month (2025-06, eight customers)', () => {
  it('counts 5 of 8 billed customers as paying through partners and 3 of 8 as cashless', () => {
    expect(rows('shares')).toEqual([
      {
        period: '2025-06',
        billedCustomers: 8,
        paidThroughPartners: 5,
        throughPartnersShare: 0.625,
        paidCashless: 3,
        cashlessShare: 0.375,
        customersOwing: 3,
        targetThroughPartnersShare: 0.5,
        targetCashlessShare: 0.4,
      },
    ]);
  });

  it('narrows the shares to a commune: Quế Phú has 4 billed, 2 through partners, 1 cashless', () => {
    expect(rows('shares', { commune: 'Quế Phú' })[0]).toMatchObject({
      billedCustomers: 4,
      paidThroughPartners: 2,
      cashlessShare: 0.25,
    });
  });

  it('counts only the chosen partner or channel when filtered', () => {
    expect(rows('shares', { partner: 'momo' })[0]).toMatchObject({ paidThroughPartners: 2, paidCashless: 2 });
    expect(rows('shares', { channel: 'COUNTER' })[0]).toMatchObject({
      paidThroughPartners: 2,
      paidCashless: 0,
    });
  });

  it('breaks customers down by partner and channel, without the reversed payment', () => {
    expect(rows('channels')).toEqual([
      {
        period: '2025-06',
        partner: 'agribank',
        channel: 'COUNTER',
        customers: 1,
        payments: 1,
        amount: 300_000,
      },
      { period: '2025-06', partner: 'ecpay', channel: 'COUNTER', customers: 1, payments: 1, amount: 200_000 },
      { period: '2025-06', partner: 'momo', channel: 'WALLET', customers: 2, payments: 2, amount: 400_000 },
      {
        period: '2025-06',
        partner: 'vietcombank',
        channel: 'INTERNET_BANKING',
        customers: 1,
        payments: 1,
        amount: 200_000,
      },
      {
        period: '2025-06',
        partner: 'vietinbank',
        channel: 'AUTO_DEBIT',
        customers: 1,
        payments: 1,
        amount: 400_000,
      },
    ]);
  });

  it('collects per Vietnamese calendar day, showing the reversal and netting it out', () => {
    const table = rows('collections');
    expect(table.map((r) => [r.date, r.partner, r.netAmount])).toEqual([
      ['2025-07-03', 'momo', 300_000],
      ['2025-07-03', 'vietcombank', 200_000],
      ['2025-07-05', 'ecpay', 200_000],
      ['2025-07-06', 'vnpay', 0],
      ['2025-07-09', 'momo', 100_000],
      ['2025-07-10', 'agribank', 300_000],
      ['2025-07-12', 'vietinbank', 400_000],
    ]);
    expect(table[3]).toMatchObject({ payments: 1, amount: 150_000, reversals: 1, reversedAmount: 150_000 });
  });

  it('rates auto-debit by bills collected (1 of 2) and by attempts (1 of 4)', () => {
    expect(rows('auto-debit')).toEqual([
      {
        period: '2025-06',
        partner: 'vietinbank',
        billsAttempted: 2,
        billsCollected: 1,
        successRate: 0.5,
        attempts: 4,
        failedAttempts: 3,
        attemptSuccessRate: 0.25,
      },
    ]);
    expect(rows('auto-debit', { channel: 'WALLET' })).toEqual([]);
  });

  it('lists failure reasons and how many of those bills were collected later', () => {
    expect(rows('auto-debit-failures')).toEqual([
      {
        period: '2025-06',
        partner: 'vietinbank',
        reasonCode: '05',
        reason: 'do not honour',
        failures: 1,
        bills: 1,
        recovered: 0,
      },
      {
        period: '2025-06',
        partner: 'vietinbank',
        reasonCode: '51',
        reason: 'insufficient funds',
        failures: 2,
        bills: 2,
        recovered: 1,
      },
    ]);
  });

  it('ages the debt by commune: 5 days past due on 2025-07-20, not due on 2025-07-10', () => {
    expect(rows('debt', { asOf: '2025-07-20' })).toEqual([
      {
        commune: 'Quế Phú',
        ageBucket: '1-30 days',
        asOf: '2025-07-20',
        bills: 2,
        customers: 2,
        outstanding: 600_000,
      },
      {
        commune: 'Quế Xuân',
        ageBucket: '1-30 days',
        asOf: '2025-07-20',
        bills: 1,
        customers: 1,
        outstanding: 150_000,
      },
    ]);
    expect(rows('debt', { asOf: '2025-07-10', commune: 'Quế Xuân' })).toEqual([
      {
        commune: 'Quế Xuân',
        ageBucket: 'not due',
        asOf: '2025-07-10',
        bills: 1,
        customers: 1,
        outstanding: 150_000,
      },
    ]);
    expect(rows('debt')[0].asOf).toBe('2025-07-12');
  });

  it('ranks staff by net enrollments against their targets, crediting unknown codes to no team', () => {
    expect(rows('campaign', { period: '2025-06' })).toEqual([
      {
        rank: 1,
        employee: 'NV001',
        name: 'An',
        team: 'A',
        enrollments: 2,
        autoDebitMandates: 2,
        eChannelSignUps: 0,
        cancelled: 0,
        net: 2,
        target: 2,
        progress: 1,
      },
      {
        rank: 2,
        employee: 'NV004',
        name: 'Dung',
        team: 'B',
        enrollments: 1,
        autoDebitMandates: 0,
        eChannelSignUps: 1,
        cancelled: 0,
        net: 1,
        target: 2,
        progress: 0.5,
      },
      {
        rank: 3,
        employee: 'NV999',
        name: '',
        team: '(not in a team)',
        enrollments: 1,
        autoDebitMandates: 1,
        eChannelSignUps: 0,
        cancelled: 0,
        net: 1,
        target: 0,
        progress: 0,
      },
      {
        rank: 4,
        employee: 'NV002',
        name: 'Bình',
        team: 'A',
        enrollments: 1,
        autoDebitMandates: 0,
        eChannelSignUps: 1,
        cancelled: 1,
        net: 0,
        target: 1,
        progress: 0,
      },
    ]);
  });

  it('sums teams against their own targets', () => {
    expect(
      rows('campaign-teams', { period: '2025-06' }).map((r) => [r.team, r.net, r.target, r.progress]),
    ).toEqual([
      ['A', 2, 3, 0.6667],
      ['B', 1, 2, 0.5],
      ['(not in a team)', 1, 0, 0],
    ]);
  });

  it("sets the branch against the company's plan", () => {
    expect(rows('plan')).toEqual([
      {
        period: '2025-06',
        throughPartnersShare: 0.625,
        targetThroughPartnersShare: 0.5,
        throughPartnersProgress: 1.25,
        cashlessShare: 0.375,
        targetCashlessShare: 0.4,
        cashlessProgress: 0.9375,
        enrollments: 4,
        targetEnrollments: 5,
        enrollmentsProgress: 0.8,
      },
    ]);
  });

  it('keeps the latest reconciliation run of a day, whatever order the runs came in', () => {
    expect(rows('reconciliation').map((r) => [r.businessDate, r.partner, r.status, r.matched])).toEqual([
      ['2025-07-03', 'momo', 'matched', 1],
      ['2025-07-05', 'ecpay', 'matched', 1],
    ]);
  });

  it('sums up the headline of the latest period', () => {
    expect(rows('summary')).toEqual([
      {
        period: '2025-06',
        billedCustomers: 8,
        paidThroughPartners: 5,
        throughPartnersShare: 0.625,
        targetThroughPartnersShare: 0.5,
        paidCashless: 3,
        cashlessShare: 0.375,
        targetCashlessShare: 0.4,
        collectedAmount: 1_500_000,
        outstandingAllPeriods: 750_000,
        enrollments: 4,
        targetEnrollments: 5,
      },
    ]);
  });

  it('offers the periods, communes, partners and channels present as filter values', () => {
    expect(filterOptions(data)).toEqual({
      periods: ['2025-06'],
      communes: ['Quế Phú', 'Quế Xuân'],
      partners: ['agribank', 'ecpay', 'momo', 'vietcombank', 'vietinbank', 'vnpay'],
      channels: ['AUTO_DEBIT', 'COUNTER', 'INTERNET_BANKING', 'WALLET'],
      latestActivityDay: '2025-07-12',
    });
  });
});

describe('the projections', () => {
  it('give the same documents whatever the order across topics, and ignore redeliveries', () => {
    const shuffled = [...month].reverse();
    const redelivered = [...month, ...month.slice(0, 10)];
    const ledgers = project(customerLedgerProjection, month);
    expect(project(customerLedgerProjection, shuffled)).toEqual(ledgers);
    expect(project(customerLedgerProjection, redelivered)).toEqual(ledgers);
    expect(project(reconciliationDaysProjection, [...month].reverse())).toEqual(
      project(reconciliationDaysProjection, month),
    );
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 'x, y', b: -5 },
          { a: '=1+1', b: 'say "hi"' },
        ],
      ),
    ).toBe('a,b\r\n"x, y",-5\r\n\'=1+1,"say ""hi"""\r\n');
  });
});
