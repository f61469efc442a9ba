/** The headline report the branch manager reads at the end of the month, from reporting's tables. */
import { counterBar } from './month-of-payments';
import { endpoints, getJson, waitUntil } from './platform-client';

type Row = Record<string, string | number>;

const out = (line: string) => process.stdout.write(line + '\n');
const pct = (share: unknown) => `${(Number(share) * 100).toFixed(1)} %`;
const dong = (amount: unknown) => `${Number(amount).toLocaleString('en')} ₫`;

async function table(name: string, query: Record<string, string> = {}): Promise<Row[]> {
  const search = new URLSearchParams(query).toString();
  const { rows } = await getJson<{ rows: Row[] }>(
    `${endpoints.reporting}/reports/${name}${search ? `?${search}` : ''}`,
  );
  return rows;
}

/**
 * Reporting builds its figures from the events: wait until it has counted what was collected and
 * every partner file of the day, or until it has counted nothing new for five minutes (then the
 * headline shows how far it got).
 */
export async function reportingCaughtUp(
  period: string,
  collected: number,
  /** The day's files sent at `sentAt`: an earlier run on the same day left rows of its own. */
  files: { businessDate: string; partners: number; sentAt: string },
): Promise<void> {
  const millions = (amount: number) => Math.floor(amount / 1_000_000);
  const draw = counterBar('collections counted, million ₫', millions(collected));
  let last = -1;
  let quietSince = Date.now();
  await waitUntil(
    'reporting to count the month',
    async () => {
      const [summary] = await table('summary', { period });
      const amount = Number(summary?.collectedAmount ?? 0);
      if (amount !== last) quietSince = Date.now();
      last = amount;
      draw(Math.min(millions(amount), millions(collected)));
      return amount >= collected || Date.now() - quietSince > 300_000;
    },
    7_200_000,
    // Each read past reporting's 2 s cache scans every ledger, on the database the projection writes to.
    10_000,
  );
  // The day's files travel on their own topic and consumer group: the last may land a moment later.
  await waitUntil(
    "reporting to record the day's reconciliation files",
    async () =>
      (await table('reconciliation')).filter(
        (row) => row.businessDate === files.businessDate && String(row.completedAt) >= files.sentAt,
      ).length >= files.partners,
    120_000,
    2_000,
  ).catch(() => undefined);
}

/** The rows' numeric `fields` added up per value of `key`, in first-seen order. */
function sumsBy<F extends string>(rows: Row[], key: string, fields: F[]): Map<string, Record<F, number>> {
  const sums = new Map<string, Record<F, number>>();
  for (const row of rows) {
    const entry =
      sums.get(String(row[key])) ?? (Object.fromEntries(fields.map((f) => [f, 0])) as Record<F, number>);
    for (const field of fields) entry[field] += Number(row[field]);
    sums.set(String(row[key]), entry);
  }
  return sums;
}

function columns(rows: Array<Array<string | number>>, widths: number[]): void {
  for (const row of rows)
    out(
      '  ' +
        row
          .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
          .join('  '),
    );
}

export async function printHeadline(period: string, businessDate: string): Promise<void> {
  const [summary] = await table('summary', { period });
  out(`\n══ Headline report, ${period} ══`);
  if (!summary) {
    out('  (no figures for this period yet)');
    return;
  }
  out(`  billed customers                ${Number(summary.billedCustomers).toLocaleString('en')}`);
  out(
    `  paid through banks/intermed.    ${pct(summary.throughPartnersShare)}  (target ${pct(summary.targetThroughPartnersShare)})`,
  );
  out(
    `  paid cashless                   ${pct(summary.cashlessShare)}  (target ${pct(summary.targetCashlessShare)})`,
  );
  out(`  collected this period           ${dong(summary.collectedAmount)}`);
  out(`  outstanding, all periods        ${dong(summary.outstandingAllPeriods)}`);
  // Staff sign customers up in the month the bills go out: the campaign month is the business day's.
  const campaignMonth = businessDate.slice(0, 7);
  const [campaign] = await table('summary', { period: campaignMonth });
  out(
    `  staff enrollments in ${campaignMonth}     ${campaign?.enrollments ?? 0} of ${campaign?.targetEnrollments ?? summary.targetEnrollments} planned`,
  );

  const byChannel = sumsBy(await table('channels', { period }), 'channel', ['payments', 'amount']);
  out('\n  per channel');
  columns(
    [...byChannel]
      .sort((a, b) => b[1].payments - a[1].payments)
      .map(([channel, { payments, amount }]) => [channel, payments, dong(amount)]),
    [18, 8, 18],
  );

  const autoDebit = await table('auto-debit', { period });
  const failures = await table('auto-debit-failures', { period });
  const attempted = autoDebit.reduce((sum, row) => sum + Number(row.billsAttempted), 0);
  const collectedBills = autoDebit.reduce((sum, row) => sum + Number(row.billsCollected), 0);
  out(`\n  auto-debit: ${collectedBills} of ${attempted} bills collected`);
  columns(
    [...sumsBy(failures, 'reasonCode', ['bills', 'recovered'])].map(([reason, { bills, recovered }]) => [
      `  ${reason}`,
      `${bills} bills`,
      `${recovered} recovered`,
    ]),
    [22, 10, 14],
  );

  out(`\n  staff campaign ${campaignMonth}`);
  columns(
    (await table('campaign-teams', { period: campaignMonth })).map((row) => [
      `${row.name} (${row.team})`,
      `${row.net}/${row.target}`,
      pct(row.progress),
    ]),
    [34, 8, 8],
  );
  columns(
    (await table('campaign', { period: campaignMonth }))
      .slice(0, 3)
      .map((row) => [
        `#${row.rank} ${row.name || row.employee}`,
        `${row.net}/${row.target}`,
        pct(row.progress),
      ]),
    [34, 8, 8],
  );

  const debtByCommune = sumsBy(await table('debt'), 'commune', ['outstanding']);
  out('\n  debt by commune (largest five)');
  columns(
    [...debtByCommune]
      .sort((a, b) => b[1].outstanding - a[1].outstanding)
      .slice(0, 5)
      .map(([commune, { outstanding }]) => [commune, dong(outstanding)]),
    [22, 20],
  );

  const reconciliation = (await table('reconciliation')).filter((row) => row.businessDate === businessDate);
  out(`\n  reconciliation ${businessDate}`);
  columns(
    reconciliation.map((row) => [
      String(row.partner),
      String(row.status),
      `${row.matched} matched`,
      `${row.discrepancies} discrepancies`,
    ]),
    [14, 12, 14, 18],
  );
}
