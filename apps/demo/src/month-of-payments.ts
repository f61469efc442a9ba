/**
 * The month after the bill run, played against the partner sandbox: banks register mandates, their
 * accounts run short or close, partners pay customers' bills over the gateway, auto-debits fail and
 * are retried, and at the end of the day every partner sends its reconciliation file.
 */
import { parseBillId } from '@gridpay/billing/domain';
import { PARTNER_SEED } from '@gridpay/payments/domain';
import { Counts } from './counts';
import type { DebitTroubles, MandateOrder } from './demo-district';
import { endpoints, getJson, waitWhileMoving } from './platform-client';

const out = (line: string) => process.stdout.write(line + '\n');

/** One line redrawn in place on a terminal, a line per tenth otherwise. */
export function counterBar(label: string, total: number): (done: number) => void {
  let lastTenth = -1;
  return (done) => {
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * 30);
    const line = `  ${label} [${'█'.repeat(filled)}${'░'.repeat(30 - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (Math.floor(share * 10) > lastTenth || done >= total) {
      lastTenth = Math.floor(share * 10);
      out(line);
    }
  };
}

/**
 * Orders per sandbox request: each must answer well inside fetch's 300 s wait for headers even at a
 * few payments a second on a busy machine, and the progress bar moves between requests.
 */
const REQUEST_CHUNK = 200;

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

interface MandateOutcome extends MandateOrder {
  accountRef: string;
  result: 'registered' | 'already-registered' | 'rejected';
  answer?: { code?: string; message?: string };
}

export interface MandateTally {
  registered: number;
  alreadyRegistered: number;
  rejected: number;
  /** customer code → the account its bank debits */
  accounts: Map<string, string>;
}

/** The banks register the mandates (signed POST /v1/mandates through the sandbox). */
export async function registerMandates(label: string, orders: MandateOrder[]): Promise<MandateTally> {
  const tally: MandateTally = { registered: 0, alreadyRegistered: 0, rejected: 0, accounts: new Map() };
  const draw = counterBar(label, orders.length);
  let done = 0;
  const reasons = new Counts();
  for (const chunk of chunks(orders, REQUEST_CHUNK)) {
    const answer = await getJson<{ mandates: MandateOutcome[] }>(
      `${endpoints.sandbox}/sandbox/partners/mandates`,
      'POST',
      { mandates: chunk, concurrency: 16 },
    );
    for (const mandate of answer.mandates) {
      if (mandate.result === 'registered') tally.registered++;
      else if (mandate.result === 'already-registered') tally.alreadyRegistered++;
      else {
        tally.rejected++;
        reasons.add(mandate.answer?.code ?? 'unknown');
      }
      if (mandate.result !== 'rejected') tally.accounts.set(mandate.customerCode, mandate.accountRef);
    }
    draw((done += chunk.length));
  }
  const why = reasons.describe();
  out(
    `  ${tally.registered} new, ${tally.alreadyRegistered} already registered, ${tally.rejected} refused${why ? ` (${why})` : ''}`,
  );
  return tally;
}

/** The sandbox bank's accounts: who is short of money or closed on the debit day. */
export async function setAccountTroubles(troubles: DebitTroubles): Promise<void> {
  await getJson(`${endpoints.sandbox}/bank/outcomes`, 'DELETE');
  const outcomes = [
    ...troubles.insufficientFunds.map((accountRef) => ({ accountRef, outcome: 'insufficient-funds' })),
    ...troubles.closed.map((accountRef) => ({ accountRef, outcome: 'closed' })),
  ];
  if (outcomes.length > 0) await getJson(`${endpoints.sandbox}/bank/outcomes`, 'PUT', { outcomes });
}

/** Customers put money on their accounts: the next retry goes through. */
export async function topUp(accounts: string[]): Promise<void> {
  if (accounts.length === 0) return;
  await getJson(`${endpoints.sandbox}/bank/outcomes`, 'PUT', {
    outcomes: accounts.map((accountRef) => ({ accountRef, outcome: 'ok' })),
  });
}

interface BankDebit {
  billId?: string;
  accountRef: string;
  amount: number;
  status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED';
  reasonCode?: string;
  idempotencyKey: string;
}

/** What the bank saw of this period's debits: attempts per status and reason. */
export async function bankDebits(period: string): Promise<BankDebit[]> {
  const { debits } = await getJson<{ debits: BankDebit[] }>(`${endpoints.sandbox}/bank/debits`);
  return debits.filter((debit) => debit.billId?.includes(`-${period}`));
}

/**
 * Waits for the first attempt on every mandate's bill of the period: `expected` of them, or fewer
 * when some mandates were suspended in an earlier month (the demo does not know which): then until
 * no new one came for a minute. An account in `topsUp` is topped up as soon as its first debit is
 * seen failing: on a large district the first attempts take longer than the compressed wait before
 * the retry, so topping up after all of them would come too late.
 */
export async function firstDebits(
  period: string,
  expected: number,
  topsUp: ReadonlySet<string>,
): Promise<BankDebit[]> {
  const draw = counterBar('first debit attempts', expected);
  const toppedUp = new Set<string>();
  let seen: BankDebit[] = [];
  let quietSince = Date.now();
  await waitWhileMoving('the first auto-debit attempt of every mandate', async () => {
    const before = seen.length;
    seen = (await bankDebits(period)).filter((debit) => debit.idempotencyKey.endsWith('.1'));
    if (seen.length !== before) quietSince = Date.now();
    const due = seen
      .filter((debit) => debit.status === 'FAILED' && topsUp.has(debit.accountRef))
      .map((debit) => debit.accountRef)
      .filter((account) => !toppedUp.has(account));
    await topUp(due);
    due.forEach((account) => toppedUp.add(account));
    draw(Math.min(seen.length, expected));
    return {
      done: seen.length >= expected || (seen.length > 0 && Date.now() - quietSince > 60_000),
      position: seen.length,
    };
  });
  return seen;
}

/** Until the provider's due queue is empty: retries done, or cancelled because the bill got paid. */
export async function retriesSettled(): Promise<void> {
  await waitWhileMoving('the auto-debit retries', async () => {
    const { waiting } = await getJson<{ waiting: number }>(
      `${endpoints.providerIntegration}/admin/auto-debit/queue`,
    );
    return { done: waiting === 0, position: waiting };
  });
}

export interface PaymentOutcome {
  customerCode: string;
  partner: string;
  channel?: string;
  partnerTxnId?: string;
  amount?: number;
  result: 'paid' | 'nothing-open' | 'unknown-customer' | 'rejected';
  status?: number;
  answer?: { code?: string; field?: string; appliedTo?: Array<{ billId: string; amount: number }> };
}

export interface PaymentTally {
  paid: number;
  amount: number;
  nothingOpen: number;
  rejected: number;
  /** Why the rejected ones were refused: the gateway's status and error code. */
  refusals: Counts;
  byChannel: Map<string, number>;
  /**
   * Amounts by the billing period reporting files each payment under: that of the oldest bill it
   * paid (a customer paying in a later month often settles an earlier month's bill too).
   */
  amountByPeriod: Map<string, number>;
  /** A few paid payments per partner, to alter in the day's files. */
  samples: Map<string, PaymentOutcome[]>;
}

/** Banks and intermediaries pay these customers' open bills through the gateway, 1,000 at a time. */
export async function partnersPay(customerCodes: string[]): Promise<PaymentTally> {
  const tally: PaymentTally = {
    paid: 0,
    amount: 0,
    nothingOpen: 0,
    rejected: 0,
    refusals: new Counts(),
    byChannel: new Map(),
    amountByPeriod: new Map(),
    samples: new Map(),
  };
  const draw = counterBar('payments', customerCodes.length);
  let done = 0;
  for (const chunk of chunks(customerCodes, REQUEST_CHUNK)) {
    const answer = await getJson<{ payments: PaymentOutcome[] }>(
      `${endpoints.sandbox}/sandbox/partners/pay-open-bills`,
      'POST',
      { customerCodes: chunk, concurrency: 16 },
    );
    for (const payment of answer.payments) {
      if (payment.result === 'nothing-open') tally.nothingOpen++;
      if (payment.result !== 'paid') {
        if (payment.result !== 'nothing-open') {
          tally.rejected++;
          tally.refusals.add(
            [payment.result, payment.status, payment.answer?.code].filter(Boolean).join(' '),
          );
        }
        continue;
      }
      tally.paid++;
      tally.amount += payment.amount ?? 0;
      const period = oldestPeriod(payment.answer?.appliedTo ?? []);
      if (period)
        tally.amountByPeriod.set(period, (tally.amountByPeriod.get(period) ?? 0) + (payment.amount ?? 0));
      const channel = payment.channel ?? '?';
      tally.byChannel.set(channel, (tally.byChannel.get(channel) ?? 0) + 1);
      const samples = tally.samples.get(payment.partner) ?? [];
      if (samples.length < 3) tally.samples.set(payment.partner, [...samples, payment]);
    }
    draw((done += chunk.length));
  }
  return tally;
}

function oldestPeriod(appliedTo: Array<{ billId: string }>): string | undefined {
  const periods = appliedTo
    .map((part) => parseBillId(part.billId)?.period)
    .filter((period): period is string => period !== undefined);
  return periods.sort()[0];
}

/** Today in Vietnam: the business day the partners' files are cut on. */
export function businessDay(at = new Date()): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

interface ReconciliationReport {
  matched: number;
  missingOurs: unknown[];
  missingTheirs: unknown[];
  amountDiffers: unknown[];
}

/**
 * End of day: three partners' files get a discrepancy each (a payment left out, a line we never saw,
 * an amount off by 1,000 dong), then every partner sends its file through the gateway.
 */
/** A partner's file of the day: the gateway's report, or why the gateway refused it. */
export type ReconciliationFile =
  | { partner: string; lines: number; report: ReconciliationReport }
  | { partner: string; lines: number; refused: string };

export async function reconciliationDay(
  date: string,
  samples: Map<string, PaymentOutcome[]>,
): Promise<ReconciliationFile[]> {
  const [left, extra, altered] = [...samples.entries()].filter(([, list]) => list.length > 0);
  const edits: Array<[string, object]> = [];
  if (left) edits.push([left[0], { drop: [left[1][0].partnerTxnId] }]);
  if (extra)
    edits.push([
      extra[0],
      {
        add: [
          {
            partnerTxnId: `${extra[0].slice(0, 3).toUpperCase()}-NOT-SENT-${date}`,
            customerCode: extra[1][0].customerCode,
            amount: 125_000,
            paidAt: new Date().toISOString(),
          },
        ],
      },
    ]);
  if (altered) {
    const { partnerTxnId = '', amount = 0 } = altered[1][0];
    edits.push([altered[0], { amounts: { [partnerTxnId]: amount + 1_000 } }]);
  }
  // A partner's edits of the day stay in the sandbox's state file: an earlier demo run on the same day
  // left its own three, which would show again next to these. Every partner's day starts clean.
  const byPartner = new Map<string, object>(PARTNER_SEED.map((partner) => [partner.code, {}]));
  for (const [partner, edit] of edits) byPartner.set(partner, edit);
  for (const [partner, edit] of byPartner)
    await getJson(`${endpoints.sandbox}/bank/statements/${partner}/${date}/edits`, 'PUT', edit);
  const { files } = await getJson<{
    files: Array<{ partner: string; lines: number; status: number; report: unknown }>;
  }>(`${endpoints.sandbox}/sandbox/partners/reconciliation-files/${date}`, 'POST', {});
  return files.map(({ partner, lines, status, report }) =>
    status === 200
      ? { partner, lines, report: report as ReconciliationReport }
      : { partner, lines, refused: `${status} ${JSON.stringify(report)}` },
  );
}
