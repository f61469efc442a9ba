import type { CampaignTargets } from '../campaign/campaign-targets';
import type { CustomerLedger } from '../ledger/customer-ledger.projection';
import type { ReconciliationDay } from '../reconciliation/reconciliation-days.projection';
import {
  byKeys,
  communeOf,
  matchesPayment,
  monthOf,
  outstandingOf,
  ratio,
  resolvePayments,
  vnDate,
  type ReportFilter,
} from './ledger-facts';

/** What every table is computed from: the two projections and the campaign's targets. */
export interface ReportData {
  ledgers: CustomerLedger[];
  reconciliation: ReconciliationDay[];
  targets: CampaignTargets;
}

type Cell = string | number;
export type Row = Record<string, Cell>;

export interface ReportTable {
  name: TableName;
  title: string;
  columns: string[];
  rows: Row[];
  /** The filters this table applies (the others do not exist in its dimensions). */
  filters: Array<keyof ReportFilter>;
}

const inCommune = (ledger: CustomerLedger, filter: ReportFilter) =>
  !filter.commune || communeOf(ledger) === filter.commune;

const inPeriod = (period: string, filter: ReportFilter) => !filter.period || period === filter.period;

/** Accumulators per key (a table's leading columns), in the order the keys first came. */
class Groups<G> {
  private readonly groups = new Map<string, { key: string[]; group: G }>();

  /** The key's accumulator, made by `create` the first time the key comes. */
  at(key: Array<string | undefined>, create: () => G): G {
    const parts = key.map((part) => part ?? '');
    const id = parts.join('|');
    let entry = this.groups.get(id);
    if (!entry) {
      entry = { key: parts, group: create() };
      this.groups.set(id, entry);
    }
    return entry.group;
  }

  rows<R>(toRow: (key: string[], group: G) => R): R[] {
    return [...this.groups.values()].map(({ key, group }) => toRow(key, group));
  }
}

/**
 * Per billing period: customers billed, and of them those who paid through banks or intermediaries
 * and those who paid cashless (README "Reporting and the dashboard" defines both).
 */
function shareCounts(data: ReportData, filter: ReportFilter) {
  const perPeriod = new Map<string, { billed: number; through: number; cashless: number; unpaid: number }>();
  for (const ledger of data.ledgers) {
    if (!inCommune(ledger, filter)) continue;
    const periods = new Set(ledger.bills.map((bill) => bill.period).filter((p) => inPeriod(p, filter)));
    if (periods.size === 0) continue;
    const payments = resolvePayments(ledger).filter((p) => !p.reversed && matchesPayment(p, filter));
    for (const period of periods) {
      const counts = perPeriod.get(period) ?? { billed: 0, through: 0, cashless: 0, unpaid: 0 };
      counts.billed++;
      const toPeriod = payments.filter((p) => p.bills.some((bill) => bill.period === period));
      if (toPeriod.length > 0) {
        counts.through++;
        if (toPeriod.every((p) => p.cashless)) counts.cashless++;
      }
      const owing = ledger.bills.some((b) => b.period === period && outstandingOf(ledger, b) > 0);
      if (owing) counts.unpaid++;
      perPeriod.set(period, counts);
    }
  }
  return [...perPeriod].sort(([a], [b]) => (a < b ? -1 : 1));
}

function shares(data: ReportData, filter: ReportFilter): Row[] {
  return shareCounts(data, filter).map(([period, c]) => ({
    period,
    billedCustomers: c.billed,
    paidThroughPartners: c.through,
    throughPartnersShare: ratio(c.through, c.billed),
    paidCashless: c.cashless,
    cashlessShare: ratio(c.cashless, c.billed),
    customersOwing: c.unpaid,
    targetThroughPartnersShare: data.targets.plan.throughPartnersShare,
    targetCashlessShare: data.targets.plan.cashlessShare,
  }));
}

/** The payments the filter keeps (reversed ones too), each with its customer's code. */
function* filteredPayments(data: ReportData, filter: ReportFilter) {
  for (const ledger of data.ledgers) {
    if (!inCommune(ledger, filter)) continue;
    for (const payment of resolvePayments(ledger))
      if (inPeriod(payment.period, filter) && matchesPayment(payment, filter))
        yield { customerCode: ledger.customerCode, payment };
  }
}

/** Customers by payment channel and partner, with what they paid, per billing period. */
function channels(data: ReportData, filter: ReportFilter): Row[] {
  const groups = new Groups<{ customers: Set<string>; payments: number; amount: number }>();
  for (const { customerCode, payment: p } of filteredPayments(data, filter)) {
    if (p.reversed) continue;
    const group = groups.at([p.period, p.partner, p.channel], () => ({
      customers: new Set<string>(),
      payments: 0,
      amount: 0,
    }));
    group.customers.add(customerCode);
    group.payments++;
    group.amount += p.amount;
  }
  return groups
    .rows(([period, partner, channel], g) => ({
      period,
      partner,
      channel,
      customers: g.customers.size,
      payments: g.payments,
      amount: g.amount,
    }))
    .sort(byKeys<Row>('period', 'partner', 'channel'));
}

/** Money collected per day (Vietnam time), partner and channel; reversals shown and netted out. */
function collections(data: ReportData, filter: ReportFilter): Row[] {
  const groups = new Groups<{ payments: number; amount: number; reversals: number; reversed: number }>();
  for (const { payment: p } of filteredPayments(data, filter)) {
    const group = groups.at([p.day, p.partner, p.channel], () => ({
      payments: 0,
      amount: 0,
      reversals: 0,
      reversed: 0,
    }));
    group.payments++;
    group.amount += p.amount;
    if (p.reversed) {
      group.reversals++;
      group.reversed += p.amount;
    }
  }
  return groups
    .rows(([date, partner, channel], g) => ({
      date,
      partner,
      channel,
      payments: g.payments,
      amount: g.amount,
      reversals: g.reversals,
      reversedAmount: g.reversed,
      netAmount: g.amount - g.reversed,
    }))
    .sort(byKeys<Row>('date', 'partner', 'channel'));
}

const AUTO_DEBIT = 'AUTO_DEBIT';

function autoDebitAttempts(data: ReportData, filter: ReportFilter) {
  const attempts = [];
  if (filter.channel && filter.channel !== AUTO_DEBIT) return [];
  for (const ledger of data.ledgers) {
    if (!inCommune(ledger, filter)) continue;
    const periodOf = new Map(ledger.bills.map((bill) => [bill.billId, bill.period]));
    for (const a of ledger.autoDebits) {
      const period = periodOf.get(a.billId) ?? monthOf(vnDate(a.at));
      if (!inPeriod(period, filter) || (filter.partner && a.partner !== filter.partner)) continue;
      attempts.push({ ...a, period, bill: `${ledger.customerCode}|${a.billId}` });
    }
  }
  return attempts;
}

/**
 * Auto-debit per billing period and partner. successRate = bills collected by auto-debit / bills
 * attempted (a bill that failed, was retried and then succeeded counts as collected);
 * attemptSuccessRate = successful attempts / attempts.
 */
function autoDebit(data: ReportData, filter: ReportFilter): Row[] {
  const groups = new Groups<{
    attempts: number;
    succeeded: number;
    bills: Set<string>;
    collected: Set<string>;
  }>();
  for (const a of autoDebitAttempts(data, filter)) {
    const g = groups.at([a.period, a.partner], () => ({
      attempts: 0,
      succeeded: 0,
      bills: new Set<string>(),
      collected: new Set<string>(),
    }));
    g.attempts++;
    g.bills.add(a.bill);
    if (a.ok) {
      g.succeeded++;
      g.collected.add(a.bill);
    }
  }
  return groups
    .rows(([period, partner], g) => ({
      period,
      partner,
      billsAttempted: g.bills.size,
      billsCollected: g.collected.size,
      successRate: ratio(g.collected.size, g.bills.size),
      attempts: g.attempts,
      failedAttempts: g.attempts - g.succeeded,
      attemptSuccessRate: ratio(g.succeeded, g.attempts),
    }))
    .sort(byKeys<Row>('period', 'partner'));
}

/** Failed auto-debit attempts by the partner's reason; `recovered` bills were collected later. */
function autoDebitFailures(data: ReportData, filter: ReportFilter): Row[] {
  const attempts = autoDebitAttempts(data, filter);
  const collected = new Set(attempts.filter((a) => a.ok).map((a) => a.bill));
  const groups = new Groups<{ reason: string; failures: number; bills: Set<string> }>();
  for (const a of attempts) {
    if (a.ok) continue;
    const g = groups.at([a.period, a.partner, a.reasonCode], () => ({
      reason: a.reason ?? '',
      failures: 0,
      bills: new Set<string>(),
    }));
    g.failures++;
    g.bills.add(a.bill);
  }
  return groups
    .rows(([period, partner, reasonCode], g) => ({
      period,
      partner,
      reasonCode,
      reason: g.reason,
      failures: g.failures,
      bills: g.bills.size,
      recovered: [...g.bills].filter((bill) => collected.has(bill)).length,
    }))
    .sort(byKeys<Row>('period', 'partner', 'reasonCode'));
}

export const AGE_BUCKETS = ['not due', '1-30 days', '31-60 days', '61-90 days', 'over 90 days'] as const;

function ageBucket(dueDate: string, asOf: string): (typeof AGE_BUCKETS)[number] {
  const days = Math.floor((Date.parse(asOf) - Date.parse(dueDate)) / 86_400_000);
  if (days <= 0) return 'not due';
  if (days <= 30) return '1-30 days';
  if (days <= 60) return '31-60 days';
  if (days <= 90) return '61-90 days';
  return 'over 90 days';
}

/** The latest day anything happened: debt is aged at it unless the report names a day. */
export function latestActivityDay(data: ReportData): string {
  let latest = '';
  for (const ledger of data.ledgers) {
    for (const b of ledger.bills) if (b.issuedAt > latest) latest = b.issuedAt;
    for (const p of ledger.payments) if (p.paidAt > latest) latest = p.paidAt;
    for (const s of ledger.settlements) if (s.settledAt > latest) latest = s.settledAt;
  }
  return latest ? vnDate(latest) : '';
}

/** Money still owed per commune and age past the due date, at `asOf`. */
function debt(data: ReportData, filter: ReportFilter): Row[] {
  const asOf = filter.asOf ?? latestActivityDay(data);
  const groups = new Groups<{ bills: number; customers: Set<string>; outstanding: number }>();
  for (const ledger of data.ledgers) {
    if (!inCommune(ledger, filter)) continue;
    const commune = communeOf(ledger);
    for (const bill of ledger.bills) {
      if (!inPeriod(bill.period, filter)) continue;
      const owed = outstandingOf(ledger, bill);
      if (owed <= 0) continue;
      const g = groups.at([commune, ageBucket(bill.dueDate, asOf)], () => ({
        bills: 0,
        customers: new Set<string>(),
        outstanding: 0,
      }));
      g.bills++;
      g.customers.add(ledger.customerCode);
      g.outstanding += owed;
    }
  }
  const bucketOrder = (bucket: Cell) => AGE_BUCKETS.indexOf(bucket as (typeof AGE_BUCKETS)[number]);
  return groups
    .rows(([commune, ageBucket], g) => ({
      commune,
      ageBucket,
      asOf,
      bills: g.bills,
      customers: g.customers.size,
      outstanding: g.outstanding,
    }))
    .sort((a, b) =>
      a.commune < b.commune
        ? -1
        : a.commune > b.commune
          ? 1
          : bucketOrder(a.ageBucket) - bucketOrder(b.ageBucket),
    );
}

interface Enrollment {
  employee: string;
  month: string;
  eChannel: boolean;
  cancelled: boolean;
}

/**
 * Enrollments: mandates registered with the employee who signed the customer up (enrolledBy), in
 * the month of registration. A mandate later cancelled still shows as enrolled but not as net.
 */
function enrollments(data: ReportData, filter: ReportFilter): Enrollment[] {
  const eChannel = new Set(data.targets.eChannelPartners);
  const list: Enrollment[] = [];
  for (const ledger of data.ledgers) {
    if (!inCommune(ledger, filter)) continue;
    for (const m of ledger.mandates) {
      if (!m.registeredAt || !m.enrolledBy) continue;
      const month = monthOf(vnDate(m.registeredAt));
      if (!inPeriod(month, filter) || (filter.partner && m.partner !== filter.partner)) continue;
      list.push({
        employee: m.enrolledBy.trim().toUpperCase(),
        month,
        eChannel: eChannel.has(m.partner),
        cancelled: Boolean(m.cancelledAt),
      });
    }
  }
  return list;
}

/** Months a target is multiplied by: the filtered month, or every month with enrollments. */
function campaignMonths(list: Enrollment[], filter: ReportFilter): number {
  if (filter.period) return 1;
  return Math.max(1, new Set(list.map((e) => e.month)).size);
}

export const UNASSIGNED_TEAM = '(not in a team)';

function tally(list: Enrollment[]) {
  const enrolled = list.length;
  const cancelled = list.filter((e) => e.cancelled).length;
  return {
    enrollments: enrolled,
    autoDebitMandates: list.filter((e) => !e.eChannel).length,
    eChannelSignUps: list.filter((e) => e.eChannel).length,
    cancelled,
    net: enrolled - cancelled,
  };
}

/** The staff leaderboard: every employee of the targets, and anyone else credited with enrollments. */
function campaign(data: ReportData, filter: ReportFilter): Row[] {
  const list = enrollments(data, filter);
  const months = campaignMonths(list, filter);
  const staff = data.targets.teams.flatMap((team) => team.members.map((member) => ({ team, member })));
  const known = new Set(staff.map((s) => s.member.code.toUpperCase()));
  const rows: Row[] = staff.map(({ team, member }) => {
    const t = tally(list.filter((e) => e.employee === member.code.toUpperCase()));
    const target = member.target * months;
    return {
      employee: member.code,
      name: member.name,
      team: team.code,
      ...t,
      target,
      progress: ratio(t.net, target),
    };
  });
  const others = [...new Set(list.map((e) => e.employee).filter((code) => !known.has(code)))].sort();
  for (const code of others) {
    const t = tally(list.filter((e) => e.employee === code));
    rows.push({ employee: code, name: '', team: UNASSIGNED_TEAM, ...t, target: 0, progress: 0 });
  }
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (b.row.net as number) - (a.row.net as number) || a.i - b.i)
    .map(({ row }, rank) => ({ rank: rank + 1, ...row }));
}

/** Teams: the enrollments of their members against the team's own target. */
function campaignTeams(data: ReportData, filter: ReportFilter): Row[] {
  const list = enrollments(data, filter);
  const months = campaignMonths(list, filter);
  const teamOf = new Map<string, string>();
  for (const team of data.targets.teams)
    for (const m of team.members) teamOf.set(m.code.toUpperCase(), team.code);
  const rows: Row[] = data.targets.teams.map((team) => {
    const t = tally(list.filter((e) => teamOf.get(e.employee) === team.code));
    const target = team.target * months;
    return {
      team: team.code,
      name: team.name,
      members: team.members.length,
      ...t,
      target,
      progress: ratio(t.net, target),
    };
  });
  const unassigned = list.filter((e) => !teamOf.has(e.employee));
  if (unassigned.length > 0)
    rows.push({ team: UNASSIGNED_TEAM, name: '', members: 0, ...tally(unassigned), target: 0, progress: 0 });
  return rows;
}

/** The branch against the company's plan, per billing period: the two shares and enrollments. */
function plan(data: ReportData, filter: ReportFilter): Row[] {
  const { plan: target } = data.targets;
  const enrolled = enrollments(data, { ...filter, period: undefined });
  return shares(data, filter).map((row) => {
    const net = tally(enrolled.filter((e) => e.month === row.period)).net;
    return {
      period: row.period,
      throughPartnersShare: row.throughPartnersShare,
      targetThroughPartnersShare: target.throughPartnersShare,
      throughPartnersProgress: ratio(row.throughPartnersShare as number, target.throughPartnersShare),
      cashlessShare: row.cashlessShare,
      targetCashlessShare: target.cashlessShare,
      cashlessProgress: ratio(row.cashlessShare as number, target.cashlessShare),
      enrollments: net,
      targetEnrollments: target.enrollmentsPerMonth,
      enrollmentsProgress: ratio(net, target.enrollmentsPerMonth),
    };
  });
}

function reconciliation(data: ReportData, filter: ReportFilter): Row[] {
  return data.reconciliation
    .filter(
      (day) =>
        inPeriod(monthOf(day.businessDate), filter) && (!filter.partner || day.partner === filter.partner),
    )
    .map((day) => {
      const discrepancies = day.missingAtPartner + day.missingAtUs + day.amountMismatches;
      return {
        businessDate: day.businessDate,
        partner: day.partner,
        status: discrepancies === 0 ? 'matched' : 'discrepancies',
        matched: day.matched,
        matchedAmount: day.matchedAmount,
        missingAtPartner: day.missingAtPartner,
        missingAtUs: day.missingAtUs,
        amountMismatches: day.amountMismatches,
        discrepancies,
        completedAt: day.completedAt,
      };
    })
    .sort(byKeys<Row>('businessDate', 'partner'));
}

/** One row for the dashboard's headline: the period asked for, else the latest billed one. */
function summary(data: ReportData, filter: ReportFilter): Row[] {
  const all = shares(data, { ...filter, period: undefined });
  const period = filter.period ?? (all.length ? (all[all.length - 1].period as string) : '');
  const share = all.find((row) => row.period === period);
  const scoped = { ...filter, period };
  const collected = channels(data, scoped).reduce((sum, row) => sum + (row.amount as number), 0);
  const owed = debt(data, { ...scoped, period: undefined }).reduce(
    (sum, row) => sum + (row.outstanding as number),
    0,
  );
  const enrolled = tally(enrollments(data, scoped));
  return [
    {
      period,
      billedCustomers: share?.billedCustomers ?? 0,
      paidThroughPartners: share?.paidThroughPartners ?? 0,
      throughPartnersShare: share?.throughPartnersShare ?? 0,
      targetThroughPartnersShare: data.targets.plan.throughPartnersShare,
      paidCashless: share?.paidCashless ?? 0,
      cashlessShare: share?.cashlessShare ?? 0,
      targetCashlessShare: data.targets.plan.cashlessShare,
      collectedAmount: collected,
      outstandingAllPeriods: owed,
      enrollments: enrolled.net,
      targetEnrollments: data.targets.plan.enrollmentsPerMonth,
    },
  ];
}

const TABLES = {
  summary: { title: 'Headline', compute: summary, filters: ['period', 'commune', 'partner', 'channel'] },
  shares: {
    title: 'Through partners and cashless, per billing period',
    compute: shares,
    filters: ['period', 'commune', 'partner', 'channel'],
  },
  plan: {
    title: 'Branch against the plan target',
    compute: plan,
    filters: ['period', 'commune', 'partner', 'channel'],
  },
  channels: {
    title: 'Customers by partner and channel',
    compute: channels,
    filters: ['period', 'commune', 'partner', 'channel'],
  },
  collections: {
    title: 'Collections per day, partner and channel',
    compute: collections,
    filters: ['period', 'commune', 'partner', 'channel'],
  },
  'auto-debit': {
    title: 'Auto-debit success per partner',
    compute: autoDebit,
    filters: ['period', 'commune', 'partner', 'channel'],
  },
  'auto-debit-failures': {
    title: 'Auto-debit failure reasons',
    compute: autoDebitFailures,
    filters: ['period', 'commune', 'partner', 'channel'],
  },
  debt: {
    title: 'Outstanding debt by commune and age',
    compute: debt,
    filters: ['period', 'commune', 'asOf'],
  },
  campaign: {
    title: 'Staff campaign leaderboard',
    compute: campaign,
    filters: ['period', 'commune', 'partner'],
  },
  'campaign-teams': {
    title: 'Staff campaign per team',
    compute: campaignTeams,
    filters: ['period', 'commune', 'partner'],
  },
  reconciliation: {
    title: 'Reconciliation per partner and day',
    compute: reconciliation,
    filters: ['period', 'partner'],
  },
} satisfies Record<
  string,
  {
    title: string;
    compute: (data: ReportData, filter: ReportFilter) => Row[];
    filters: Array<keyof ReportFilter>;
  }
>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

export function isTableName(value: string): value is TableName {
  return Object.prototype.hasOwnProperty.call(TABLES, value);
}

/** The columns of each table, stable even when it has no rows (CSV headers). */
const COLUMNS: Record<TableName, string[]> = {
  summary: [
    'period',
    'billedCustomers',
    'paidThroughPartners',
    'throughPartnersShare',
    'targetThroughPartnersShare',
    'paidCashless',
    'cashlessShare',
    'targetCashlessShare',
    'collectedAmount',
    'outstandingAllPeriods',
    'enrollments',
    'targetEnrollments',
  ],
  shares: [
    'period',
    'billedCustomers',
    'paidThroughPartners',
    'throughPartnersShare',
    'paidCashless',
    'cashlessShare',
    'customersOwing',
    'targetThroughPartnersShare',
    'targetCashlessShare',
  ],
  plan: [
    'period',
    'throughPartnersShare',
    'targetThroughPartnersShare',
    'throughPartnersProgress',
    'cashlessShare',
    'targetCashlessShare',
    'cashlessProgress',
    'enrollments',
    'targetEnrollments',
    'enrollmentsProgress',
  ],
  channels: ['period', 'partner', 'channel', 'customers', 'payments', 'amount'],
  collections: [
    'date',
    'partner',
    'channel',
    'payments',
    'amount',
    'reversals',
    'reversedAmount',
    'netAmount',
  ],
  'auto-debit': [
    'period',
    'partner',
    'billsAttempted',
    'billsCollected',
    'successRate',
    'attempts',
    'failedAttempts',
    'attemptSuccessRate',
  ],
  'auto-debit-failures': ['period', 'partner', 'reasonCode', 'reason', 'failures', 'bills', 'recovered'],
  debt: ['commune', 'ageBucket', 'asOf', 'bills', 'customers', 'outstanding'],
  campaign: [
    'rank',
    'employee',
    'name',
    'team',
    'enrollments',
    'autoDebitMandates',
    'eChannelSignUps',
    'cancelled',
    'net',
    'target',
    'progress',
  ],
  'campaign-teams': [
    'team',
    'name',
    'members',
    'enrollments',
    'autoDebitMandates',
    'eChannelSignUps',
    'cancelled',
    'net',
    'target',
    'progress',
  ],
  reconciliation: [
    'businessDate',
    'partner',
    'status',
    'matched',
    'matchedAmount',
    'missingAtPartner',
    'missingAtUs',
    'amountMismatches',
    'discrepancies',
    'completedAt',
  ],
};

export function buildTable(name: TableName, data: ReportData, filter: ReportFilter): ReportTable {
  const table = TABLES[name];
  const applied = Object.fromEntries(
    table.filters.filter((key) => filter[key] !== undefined).map((key) => [key, filter[key]]),
  ) as ReportFilter;
  return {
    name,
    title: table.title,
    columns: COLUMNS[name],
    rows: table.compute(data, applied),
    filters: [...table.filters],
  };
}

/** What the filters can be set to: the values present in the data. */
export function filterOptions(data: ReportData) {
  const periods = new Set<string>();
  const communes = new Set<string>();
  const partners = new Set<string>();
  const channelSet = new Set<string>();
  for (const ledger of data.ledgers) {
    if (ledger.bills.length || ledger.payments.length) communes.add(communeOf(ledger));
    for (const b of ledger.bills) periods.add(b.period);
    for (const p of ledger.payments) {
      partners.add(p.partner);
      channelSet.add(p.channel);
    }
    for (const m of ledger.mandates) partners.add(m.partner);
  }
  for (const day of data.reconciliation) partners.add(day.partner);
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    periods: sorted(periods),
    communes: sorted(communes),
    partners: sorted(partners),
    channels: sorted(channelSet),
    latestActivityDay: latestActivityDay(data),
  };
}
