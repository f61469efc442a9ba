import { freePort, ServiceProcess, waitFor, uniqueName } from '@gridpay/shared/testing';
import { call, ProviderIntegrationHarness } from '../provider-integration.harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * provider-integration with auto-debit as a Nest app (own database, bills topic and consumer groups)
 * in front of the real partner-sandbox process playing the bank, with a clock the test moves.
 */
export class AutoDebitHarness extends ProviderIntegrationHarness {
  sandbox!: ServiceProcess;
  /** Added to the real time the service reads. */
  clockOffsetMs = 0;

  constructor() {
    super('it-ad');
  }

  override async setUp(settings: { bankTimeoutMs?: number; checkAfterMs?: number } = {}): Promise<this> {
    this.sandbox = new ServiceProcess('partner-sandbox', await freePort(), { LOG_LEVEL: 'warn' });
    await this.start({
      autoDebit: {
        bankAdapterUrl: `${this.sandbox.url}/bank`,
        bankTimeoutMs: settings.bankTimeoutMs ?? 1_000,
        checkAfterMs: settings.checkAfterMs ?? 1_000,
        group: uniqueName('it-ad-debits'),
        fromBeginning: true,
        pollMs: 100,
        clock: () => new Date(Date.now() + this.clockOffsetMs),
      },
    });
    await waitFor('the sandbox bank', async () => (await this.bank('GET', '/debits')).status === 200, {
      timeoutMs: 30_000,
    });
    return this;
  }

  override async tearDown(): Promise<void> {
    await super.tearDown();
    await this.sandbox?.kill();
  }

  bank(method: string, path: string, body?: unknown) {
    return call(`${this.sandbox.url}/bank${path}`, method, body);
  }

  async debitOf(billId: string): Promise<Json> {
    const answer = await this.call('GET', `/admin/auto-debit/debits/${billId}`);
    return answer.status === 200 ? answer.body : undefined;
  }

  /** Waits until the bill's debit reaches the status. */
  waitForDebit(billId: string, status: string, timeoutMs = 20_000): Promise<Json> {
    return waitFor(
      `debit of ${billId} ${status}`,
      async () => {
        const debit = await this.debitOf(billId);
        return debit?.status === status ? debit : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }
}
