import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BankStateFile } from './bank-state-file';
import { BankStore } from './bank.store';

describe('BankStateFile: the sandbox bank remembers across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-bank-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a restarted bank still knows its debits, collections, account outcomes and statement edits', () => {
    const path = join(dir, 'bank.json');
    const file = new BankStateFile(path);
    const store = file.load();
    store.setOutcome('ACC-2', 'insufficient-funds');
    const request = { bank: 'agribank', accountRef: 'ACC-1', amount: 150_000, customerCode: 'PA01000000001' };
    store.debit({ ...request, idempotencyKey: 'AD.1' }, new Date('2026-11-05T03:00:00Z'));
    store.debit({ ...request, accountRef: 'ACC-2', idempotencyKey: 'AD.2' });
    store.recordCollection('agribank', {
      partnerTxnId: 'AGR-1',
      customerCode: 'PA01000000002',
      amount: 99_000,
      paidAt: '2026-11-05T10:00:00+07:00',
    });
    store.editStatement('agribank', '2026-11-05', { drop: ['AGR-1'] });
    file.stop(store);

    const restarted = new BankStateFile(path).load();
    expect(restarted.snapshot()).toEqual(store.snapshot());
    expect(restarted.get('AD.2')).toMatchObject({ status: 'FAILED' });
    expect(restarted.outcomeOf('ACC-2').outcome).toBe('insufficient-funds');
    // The same key again is the same debit, not a second one.
    expect(restarted.debit({ ...request, idempotencyKey: 'AD.1' })).toMatchObject({
      conflict: false,
      debit: { requests: 2 },
    });
  });

  it('starts empty without a file', () => {
    expect(new BankStateFile(join(dir, 'missing.json')).load().snapshot()).toEqual(
      new BankStore().snapshot(),
    );
  });
});
