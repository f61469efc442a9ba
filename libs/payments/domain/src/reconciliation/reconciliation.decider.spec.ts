import { fold } from '@gridpay/shared/ddd';
import {
  mismatchKey,
  openMismatches,
  reconciliationDecider,
  type Mismatch,
  type ReconciliationCommand,
  type ReconciliationEvent,
} from './reconciliation.decider';

const mismatches: Mismatch[] = [
  {
    key: mismatchKey('missingOurs', 'T-1'),
    kind: 'missingOurs',
    partnerTxnId: 'T-1',
    customerCode: 'PB05020054904',
    theirs: 100,
    paidAt: '2026-11-05T08:00:00+07:00',
  },
  {
    key: mismatchKey('missingTheirs', 'T-2'),
    kind: 'missingTheirs',
    partnerTxnId: 'T-2',
    customerCode: 'PB05020054905',
    ours: 200,
    paymentId: 'p2',
  },
  {
    key: mismatchKey('amountDiffers', 'T-3'),
    kind: 'amountDiffers',
    partnerTxnId: 'T-3',
    customerCode: 'PB05020054906',
    ours: 300,
    theirs: 301,
  },
];
const record = (fileHash: string, list = mismatches): ReconciliationCommand => ({
  type: 'RecordReconciliation',
  partner: 'agribank',
  businessDate: '2026-11-05',
  fileHash,
  matched: 7,
  matchedAmount: 700,
  mismatches: list,
  completedAt: '2026-11-06T01:00:00.000Z',
});
const resolve = (
  key: string,
  action: 'note' | 'late-payment',
  paymentId?: string,
): ReconciliationCommand => ({
  type: 'ResolveMismatch',
  partner: 'agribank',
  businessDate: '2026-11-05',
  key,
  action,
  note: 'checked with the bank',
  resolvedBy: 'op-1',
  resolvedAt: '2026-11-06T02:00:00.000Z',
  ...(paymentId ? { paymentId } : {}),
});

function given(...commands: ReconciliationCommand[]): ReconciliationEvent[] {
  const events: ReconciliationEvent[] = [];
  for (const c of commands)
    events.push(...reconciliationDecider.decide(c, fold(reconciliationDecider, events)));
  return events;
}
const when = (past: ReconciliationEvent[], c: ReconciliationCommand) =>
  reconciliationDecider.decide(c, fold(reconciliationDecider, past));

describe('reconciliation decider', () => {
  describe('no file yet', () => {
    it('records the first run with its figures', () => {
      expect(when([], record('h1'))).toEqual([
        {
          type: 'ReconciliationRecorded',
          data: {
            partner: 'agribank',
            businessDate: '2026-11-05',
            fileHash: 'h1',
            run: 1,
            matched: 7,
            matchedAmount: 700,
            mismatches,
            completedAt: '2026-11-06T01:00:00.000Z',
          },
        },
      ]);
    });
  });

  describe('a file recorded', () => {
    const past = given(record('h1'));
    it('the same file again decides nothing (same report)', () => {
      expect(when(past, record('h1'))).toEqual([]);
    });
    it('a corrected file supersedes it', () => {
      const [event] = when(past, record('h2', [mismatches[0]]));
      expect(event.data).toMatchObject({ run: 2, supersedes: 'h1' });
      expect(openMismatches(fold(reconciliationDecider, [...past, event]))).toEqual([mismatches[0]]);
    });
    it('every mismatch is open until resolved', () => {
      expect(openMismatches(fold(reconciliationDecider, past))).toEqual(mismatches);
    });
    it('an operator resolves one with a note', () => {
      const events = when(past, resolve(mismatches[1].key, 'note'));
      expect(events.map((e) => e.type)).toEqual(['MismatchResolved']);
      expect(openMismatches(fold(reconciliationDecider, [...past, ...events])).map((m) => m.key)).toEqual([
        mismatches[0].key,
        mismatches[2].key,
      ]);
    });
    it('a missing-on-our-side payment is resolved by posting it late', () => {
      expect(when(past, resolve(mismatches[0].key, 'late-payment', 'pay-9'))[0].data).toMatchObject({
        paymentId: 'pay-9',
      });
    });
    it('only missingOurs can be posted late', () => {
      expect(() => when(past, resolve(mismatches[2].key, 'late-payment', 'pay-9'))).toThrow(
        expect.objectContaining({ code: 'invalid-resolution' }),
      );
    });
    it('an unknown mismatch is refused; resolving twice decides nothing', () => {
      expect(() => when(past, resolve('missingOurs:NOPE', 'note'))).toThrow(
        expect.objectContaining({ code: 'unknown-mismatch' }),
      );
      const resolved = [...past, ...when(past, resolve(mismatches[1].key, 'note'))];
      expect(when(resolved, resolve(mismatches[1].key, 'note'))).toEqual([]);
    });
  });
});
