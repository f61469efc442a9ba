import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BankState, BankStore } from './bank.store';

/**
 * Keeps the bank's ledger in a JSON file, so a restarted sandbox (the next `./gridpay up`, the next
 * demo month) still knows the debits and collections it made: a real bank does not forget them, and
 * its file of a business day lists them all. Written every `everyMs` when it changed and at shutdown.
 */
export class BankStateFile {
  private lastWritten = '';
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    private readonly everyMs = 1_000,
  ) {}

  load(): BankStore {
    if (!existsSync(this.path)) return new BankStore();
    this.lastWritten = readFileSync(this.path, 'utf8');
    return BankStore.restored(JSON.parse(this.lastWritten) as BankState);
  }

  keep(store: BankStore): void {
    this.timer = setInterval(() => this.save(store), this.everyMs).unref();
  }

  save(store: BankStore): void {
    const text = JSON.stringify(store.snapshot());
    if (text === this.lastWritten) return;
    writeFileSync(`${this.path}.tmp`, text);
    renameSync(`${this.path}.tmp`, this.path);
    this.lastWritten = text;
  }

  stop(store: BankStore): void {
    clearInterval(this.timer);
    this.save(store);
  }
}
