export type AccountOutcome = 'ok' | 'insufficient-funds' | 'closed' | 'revoked' | 'timeout' | 'slow';

export const ACCOUNT_OUTCOMES: readonly AccountOutcome[] = [
  'ok',
  'insufficient-funds',
  'closed',
  'revoked',
  'timeout',
  'slow',
];

export interface DebitRequest {
  idempotencyKey: string;
  bank: string;
  accountRef: string;
  amount: number;
  customerCode?: string;
  billId?: string;
}

export interface BankDebit extends DebitRequest {
  status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED';
  reasonCode?: string;
  reason?: string;
  bankReference?: string;
  receivedAt: string;
  debitedAt?: string;
  /** How many times the same key was sent. */
  requests: number;
}

const FAILURES: Partial<Record<AccountOutcome, { reasonCode: string; reason: string }>> = {
  'insufficient-funds': { reasonCode: 'INSUFFICIENT_FUNDS', reason: 'Insufficient funds' },
  closed: { reasonCode: 'ACCOUNT_CLOSED', reason: 'Account closed' },
  revoked: { reasonCode: 'MANDATE_REVOKED', reason: 'Debit authorisation revoked by the customer' },
};

const sameRequest = (a: DebitRequest, b: DebitRequest) =>
  a.bank === b.bank && a.accountRef === b.accountRef && a.amount === b.amount;

/** Vietnam time (UTC+7), the business day the bank's statement is cut on. */
const businessDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);

export interface StatementLine {
  partnerTxnId: string;
  customerCode: string;
  amount: number;
  paidAt: string;
}

export interface StatementEdits {
  drop?: string[];
  add?: StatementLine[];
  amounts?: Record<string, number>;
}

export interface BankState {
  debits: BankDebit[];
  collections: Array<StatementLine & { partner: string }>;
  outcomes: Array<[string, { outcome: AccountOutcome; delayMs?: number }]>;
  edits: Array<[string, StatementEdits]>;
  serial: number;
}

/**
 * The sandbox partners' ledger, in memory: auto-debits by idempotency key (recorded the moment the
 * request arrives, so a caller that dies mid-call can still ask), outcomes set per account, what the
 * partners collected from customers and paid through the gateway, and the daily statement a partner
 * sends for reconciliation, with edits a test injects as discrepancies.
 */
export class BankStore {
  private readonly debits = new Map<string, BankDebit>();
  private readonly collections: Array<StatementLine & { partner: string }> = [];
  private readonly outcomes = new Map<string, { outcome: AccountOutcome; delayMs?: number }>();
  private readonly edits = new Map<string, StatementEdits>();
  private serial = 0;

  /** Everything the bank remembers, as plain data (SANDBOX_STATE_FILE keeps it across restarts). */
  snapshot(): BankState {
    return {
      debits: [...this.debits.values()],
      collections: this.collections,
      outcomes: [...this.outcomes],
      edits: [...this.edits],
      serial: this.serial,
    };
  }

  static restored(state: BankState): BankStore {
    const store = new BankStore();
    for (const debit of state.debits) store.debits.set(debit.idempotencyKey, debit);
    store.collections.push(...state.collections);
    for (const [account, outcome] of state.outcomes) store.outcomes.set(account, outcome);
    for (const [key, edits] of state.edits) store.edits.set(key, edits);
    store.serial = state.serial;
    return store;
  }

  setOutcome(accountRef: string, outcome: AccountOutcome, delayMs?: number): void {
    this.outcomes.set(accountRef, { outcome, delayMs });
  }

  clearOutcomes(): void {
    this.outcomes.clear();
  }

  outcomeOf(accountRef: string): { outcome: AccountOutcome; delayMs?: number } {
    return this.outcomes.get(accountRef) ?? { outcome: 'ok' };
  }

  get(key: string): BankDebit | undefined {
    return this.debits.get(key);
  }

  /**
   * Takes a debit. `conflict` when the key was used for another debit; otherwise the debit (new or
   * the one already under that key) and how long to hold the answer back.
   */
  debit(
    request: DebitRequest,
    now = new Date(),
  ): { conflict: true } | { conflict: false; debit: BankDebit; delayMs: number } {
    const existing = this.debits.get(request.idempotencyKey);
    if (existing) {
      if (!sameRequest(existing, request)) return { conflict: true };
      existing.requests++;
      return { conflict: false, debit: existing, delayMs: 0 };
    }
    const { outcome, delayMs } = this.outcomeOf(request.accountRef);
    const debit: BankDebit = { ...request, status: 'PROCESSING', receivedAt: now.toISOString(), requests: 1 };
    this.debits.set(request.idempotencyKey, debit);
    const failure = FAILURES[outcome];
    if (failure) {
      Object.assign(debit, { status: 'FAILED', ...failure });
      return { conflict: false, debit, delayMs: 0 };
    }
    const hold = outcome === 'timeout' ? (delayMs ?? 30_000) : outcome === 'slow' ? (delayMs ?? 2_000) : 0;
    const settle = () =>
      Object.assign(debit, {
        status: 'SUCCEEDED',
        bankReference: `SBX${String(++this.serial).padStart(9, '0')}`,
        debitedAt: new Date().toISOString(),
      });
    // The money is taken when the bank is done, whether or not the caller is still listening.
    if (hold === 0) settle();
    else setTimeout(settle, hold).unref();
    return { conflict: false, debit, delayMs: hold };
  }

  list(filter: { accountRef?: string; billId?: string; bank?: string; status?: string }): BankDebit[] {
    return [...this.debits.values()].filter(
      (d) =>
        (!filter.accountRef || d.accountRef === filter.accountRef) &&
        (!filter.billId || d.billId === filter.billId) &&
        (!filter.bank || d.bank === filter.bank) &&
        (!filter.status || d.status === filter.status),
    );
  }

  editStatement(bank: string, date: string, edits: StatementEdits): void {
    this.edits.set(`${bank}|${date}`, edits);
  }

  /** A payment the partner took from a customer and the gateway accepted. */
  recordCollection(partner: string, line: StatementLine): void {
    this.collections.push({ partner, ...line });
  }

  /**
   * The partner's file of a business day: its successful debits and its accepted collections, then
   * the injected edits.
   */
  statement(bank: string, date: string): StatementLine[] {
    const edits = this.edits.get(`${bank}|${date}`) ?? {};
    const drop = new Set(edits.drop ?? []);
    const debits = this.list({ bank, status: 'SUCCEEDED' })
      .filter((d) => d.debitedAt && businessDay(d.debitedAt) === date)
      .map((d) => ({
        partnerTxnId: d.idempotencyKey,
        customerCode: d.customerCode ?? '',
        amount: d.amount,
        paidAt: d.debitedAt ?? d.receivedAt,
      }));
    const collected = this.collections
      .filter((c) => c.partner === bank && businessDay(c.paidAt) === date)
      .map(({ partner: _partner, ...line }) => line);
    const lines = [...debits, ...collected]
      .filter((line) => !drop.has(line.partnerTxnId))
      .map((line) => ({ ...line, amount: edits.amounts?.[line.partnerTxnId] ?? line.amount }));
    return [...lines, ...(edits.add ?? [])].sort((a, b) => (a.partnerTxnId < b.partnerTxnId ? -1 : 1));
  }

  /** The partners with anything in their file of that day. */
  partnersWithLines(date: string): string[] {
    const partners = new Set<string>();
    for (const d of this.debits.values())
      if (d.status === 'SUCCEEDED' && d.debitedAt && businessDay(d.debitedAt) === date) partners.add(d.bank);
    for (const c of this.collections) if (businessDay(c.paidAt) === date) partners.add(c.partner);
    for (const key of this.edits.keys()) if (key.endsWith(`|${date}`)) partners.add(key.split('|')[0]);
    return [...partners].sort();
  }
}

export function statementCsv(lines: StatementLine[]): string {
  return (
    ['partnerTxnId,customerCode,amount,paidAt']
      .concat(lines.map((l) => `${l.partnerTxnId},${l.customerCode},${l.amount},${l.paidAt}`))
      .join('\n') + '\n'
  );
}
