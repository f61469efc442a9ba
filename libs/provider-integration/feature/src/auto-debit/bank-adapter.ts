export interface BankDebitRequest {
  /** The attempt id: the same key is the same debit at the bank. */
  idempotencyKey: string;
  bank: string;
  accountRef: string;
  amount: number;
  customerCode: string;
  billId: string;
}

/** What the bank said; `unknown` means we cannot tell whether the money was taken. */
export type BankAnswer =
  | { kind: 'failed'; reasonCode: string; reason: string }
  | { kind: 'succeeded'; bankReference: string; debitedAt: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'not-found' };

export interface BankAdapter {
  debit(request: BankDebitRequest): Promise<BankAnswer>;
  /** The bank's record of a debit by its idempotency key. */
  status(idempotencyKey: string): Promise<BankAnswer>;
}

interface BankBody {
  status?: string;
  reasonCode?: string;
  reason?: string;
  bankReference?: string;
  debitedAt?: string;
}

/**
 * The banks' auto-debit interface over HTTP (ours; the banks publish none): POST {url}/debits with an
 * idempotency key, GET {url}/debits/{key}. A timeout, a network error or a 5xx is an unknown outcome,
 * never a failure: the bank may have taken the money.
 */
export class HttpBankAdapter implements BankAdapter {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, json?: unknown): Promise<BankAnswer> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl.replace(/\/$/, '') + path, {
        method,
        headers: json === undefined ? {} : { 'content-type': 'application/json' },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      return {
        kind: 'unknown',
        reason: name === 'TimeoutError' ? 'bank timeout' : `bank unreachable (${name})`,
      };
    }
    const text = await response.text().catch(() => '');
    if (method === 'GET' && response.status === 404) return { kind: 'not-found' };
    if (response.status >= 500) return { kind: 'unknown', reason: `bank answered ${response.status}` };
    let body: BankBody = {};
    try {
      body = JSON.parse(text) as BankBody;
    } catch {
      return { kind: 'unknown', reason: `bank answered ${response.status} without JSON` };
    }
    if (response.status >= 400)
      return {
        kind: 'failed',
        reasonCode: `BANK_REJECTED_${response.status}`,
        reason: body.reason ?? `the bank refused the request (${response.status})`,
      };
    switch (body.status) {
      case 'SUCCEEDED':
        return {
          kind: 'succeeded',
          bankReference: body.bankReference ?? '',
          debitedAt: body.debitedAt ?? new Date().toISOString(),
        };
      case 'FAILED':
        return {
          kind: 'failed',
          reasonCode: body.reasonCode ?? 'UNKNOWN',
          reason: body.reason ?? 'refused by the bank',
        };
      default:
        return { kind: 'unknown', reason: `bank status ${body.status ?? 'missing'}` };
    }
  }

  debit(request: BankDebitRequest): Promise<BankAnswer> {
    return this.call('POST', '/debits', request);
  }

  status(idempotencyKey: string): Promise<BankAnswer> {
    return this.call('GET', `/debits/${encodeURIComponent(idempotencyKey)}`);
  }
}
