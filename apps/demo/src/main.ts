/**
 * The demo month of a district the size of Quế Sơn, driven against the running platform the way
 * the outside world and the branch's staff would: the customer system publishes the customers, the
 * meter readers' book is imported, the bill run bills everyone, messages go out, partners pay over
 * the month, a reconciliation day runs, and the headline report is printed.
 *   node dist/apps/demo/apps/demo/src/main.js [--customers 32000] [--small]
 * A second run continues with the next month.
 */
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { progressPrinter, type BillRunProgress } from '@gridpay/billing/feature';
import { nextPeriod, TOPICS } from '@gridpay/contracts';
import { buildEnvelope } from '@gridpay/shared/event-store';
import {
  autoDebitBase,
  campaignEnrollments,
  debitTroubles,
  demoCustomers,
  payingThroughPartners,
  readingBook,
  type StaffMember,
} from './demo-district';
import { Counts } from './counts';
import { printHeadline, reportingCaughtUp } from './headline-report';
import {
  bankDebits,
  businessDay,
  firstDebits,
  partnersPay,
  reconciliationDay,
  registerMandates,
  retriesSettled,
  setAccountTroubles,
} from './month-of-payments';
import { endpoints, getJson, postText, waitWhileMoving } from './platform-client';

const out = (line: string) => process.stdout.write(line + '\n');

function argNumber(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number`);
  return value;
}

const SMALL = process.argv.includes('--small');
const CUSTOMERS = argNumber('customers', SMALL ? 2_000 : 32_000);

/** The month after the last completed bill run, or last month on a first run. */
async function demoPeriod(): Promise<string> {
  const runs = await getJson<BillRunProgress[]>(`${endpoints.billing}/bill-runs`);
  const done = runs.filter((run) => run.status !== 'running').map((run) => run.period);
  if (done.length > 0) return nextPeriod(done.sort()[done.length - 1]);
  const now = new Date();
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return last.toISOString().slice(0, 7);
}

async function step<T>(title: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  out(`\n▸ ${title}`);
  const result = await work();
  out(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** The company's customer system announces the district's customers on the bus. */
async function publishCustomers(codes: ReturnType<typeof demoCustomers>): Promise<void> {
  const kafka = new Kafka({
    clientId: 'demo-customer-system',
    brokers: endpoints.kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  for (let at = 0; at < codes.length; at += 1000) {
    const messages = codes.slice(at, at + 1000).map((customer) => {
      const envelope = buildEnvelope('CustomerRegistered', customer, {
        producer: 'customer-system',
        partitionKey: customer.customerCode,
        correlationId: 'demo-district',
      });
      return { key: customer.customerCode, value: JSON.stringify(envelope) };
    });
    await producer.send({ topic: TOPICS.customers, acks: -1, messages });
  }
  await producer.disconnect();
}

async function main(): Promise<void> {
  const customers = demoCustomers(CUSTOMERS);
  const period = await demoPeriod();
  out(`GridPay demo: Quế Sơn district, ${CUSTOMERS.toLocaleString('en')} customers, period ${period}`);

  const { count } = await getJson<{ count: number }>(`${endpoints.billing}/customers`);
  if (count < customers.length) {
    await step(
      `customer system publishes ${CUSTOMERS.toLocaleString('en')} customers (CustomerRegistered)`,
      async () => {
        await publishCustomers(customers);
        await waitWhileMoving('billing knows every customer', async () => {
          const known = await getJson<{ count: number }>(`${endpoints.billing}/customers`);
          return { done: known.count >= customers.length, position: known.count };
        });
      },
    );
  }

  await step(`meter readers' book for ${period} imported into billing`, async () => {
    const report = await postText<{ accepted: number; rejected: Array<{ reason: string }> }>(
      `${endpoints.billing}/readings/import`,
      readingBook(customers, period),
    );
    const why = Counts.of(report.rejected, ({ reason }) => reason).describe();
    out(
      `  ${report.accepted.toLocaleString('en')} readings accepted, ${report.rejected.length} refused${why ? ` (${why})` : ''}`,
    );
  });

  const { targets } = await getJson<{ targets: { teams: Array<{ members: StaffMember[] }> } }>(
    `${endpoints.reporting}/reports/campaign/targets`,
  );
  const staff = targets.teams.flatMap((team) => team.members);
  const base = autoDebitBase(customers);
  const mandates = await step(
    `banks register auto-debit mandates: ${base.length.toLocaleString('en')} customers already on it`,
    () => registerMandates('mandates', base),
  );
  const campaign = campaignEnrollments(customers, staff, period, new Set(mandates.accounts.keys()));
  const enrolled = await step(
    `staff campaign: ${staff.length} employees sign up ${campaign.length} customers for auto-debit this month`,
    () => registerMandates('enrollments', campaign),
  );
  for (const [customer, account] of enrolled.accounts) mandates.accounts.set(customer, account);

  const troubles = debitTroubles([...mandates.accounts.values()], period);
  await setAccountTroubles(troubles);

  await step(`bill run ${period}`, async () => {
    const draw = progressPrinter(process.stdout);
    let progress = await getJson<BillRunProgress>(`${endpoints.billing}/bill-runs/${period}`, 'POST');
    while (progress.status === 'running') {
      draw(progress);
      await new Promise((resolve) => setTimeout(resolve, 500));
      progress = await getJson<BillRunProgress>(`${endpoints.billing}/bill-runs/${period}`);
    }
    draw(progress);
  });

  await step('messages: bill SMS to the sandbox SMS gateway, emails to the local mail sink', async () => {
    const sms = await getJson<{ count: number }>(`${endpoints.sandbox}/sms/messages`);
    const mail = await getJson<{ count: number }>(`${endpoints.sandbox}/mail/messages`);
    out(
      `  so far: ${sms.count.toLocaleString('en')} SMS and ${mail.count.toLocaleString('en')} emails delivered (they keep going out in the background)`,
    );
  });

  await step(
    `auto-debit day: banks debit ${mandates.accounts.size.toLocaleString('en')} accounts`,
    async () => {
      const first = await firstDebits(period, mandates.accounts.size, new Set(troubles.topUp));
      const failed = first.filter((debit) => debit.status === 'FAILED');
      const reasons = Counts.of(failed, (debit) => debit.reasonCode ?? '?');
      out(
        `  ${first.length - failed.length} debited, ${failed.length} failed (${reasons.describe() || 'none'})`,
      );
      out(`  ${troubles.topUp.length} customers short of money topped up their accounts before the retry`);
    },
  );

  const autoDebited = new Set(mandates.accounts.keys());
  const payers = payingThroughPartners(customers, period, autoDebited);
  const paid = await step(
    `partners collect: ${payers.length.toLocaleString('en')} customers pay at banks, wallets and agents`,
    async () => {
      const tally = await partnersPay(payers);
      out(
        `  ${tally.paid.toLocaleString('en')} payments, ${tally.amount.toLocaleString('en')} ₫; ${[
          ...tally.byChannel,
        ]
          .sort((a, b) => b[1] - a[1])
          .map(([channel, n]) => `${channel} ${n}`)
          .join(', ')}` +
          (tally.rejected ? `; ${tally.rejected} refused (${tally.refusals.describe()})` : ''),
      );
      return tally;
    },
  );

  await step('auto-debit retries (waits compressed: 72 h → 72 s on the demo platform)', async () => {
    await retriesSettled();
    const attempts = await bankDebits(period);
    const retried = attempts.filter((debit) => !debit.idempotencyKey.endsWith('.1'));
    const recovered = retried.filter((debit) => debit.status === 'SUCCEEDED').length;
    out(`  ${retried.length} retries: ${recovered} collected, ${retried.length - recovered} failed again`);
  });

  const date = businessDay();
  const filesSentAt = new Date().toISOString();
  const filesSent = await step(
    `reconciliation day ${date}: every partner sends its file, three with a discrepancy`,
    async () => {
      const files = await reconciliationDay(date, paid.samples);
      for (const file of files) {
        const head = `  ${file.partner.padEnd(12)} ${String(file.lines).padStart(6)} lines  `;
        if ('refused' in file) {
          out(`${head}refused by the gateway: ${file.refused}`);
          continue;
        }
        const { matched, missingOurs, missingTheirs, amountDiffers } = file.report;
        const issues = missingOurs.length + missingTheirs.length + amountDiffers.length;
        out(
          `${head}${String(matched).padStart(6)} matched` +
            (issues
              ? `  ← ${missingTheirs.length} missing in their file, ${missingOurs.length} unknown to us, ${amountDiffers.length} amount differs`
              : ''),
        );
      }
      return files.filter((file) => 'report' in file).length;
    },
  );

  await step('reporting counts the month', async () => {
    const autoDebitAmount = (await bankDebits(period))
      .filter((debit) => debit.status === 'SUCCEEDED')
      .reduce((sum, debit) => sum + debit.amount, 0);
    await reportingCaughtUp(period, (paid.amountByPeriod.get(period) ?? 0) + autoDebitAmount, {
      businessDate: date,
      partners: filesSent,
      sentAt: filesSentAt,
    });
  });
  await printHeadline(period, date);

  out(`\nDashboards:`);
  out(`  management dashboard ${endpoints.reporting}/dashboard`);
  out(`  partner API docs     ${endpoints.gateway}/docs`);
  out(`  billing staff API    ${endpoints.billing}/docs`);
  out(`  reports (JSON/CSV)   ${endpoints.reporting}/reports`);
  out(`  traces               ${endpoints.zipkin}/zipkin/`);
  out(`  sandbox SMS / mail   ${endpoints.sandbox}/sms/messages  ${endpoints.sandbox}/mail/messages`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`demo stopped: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
