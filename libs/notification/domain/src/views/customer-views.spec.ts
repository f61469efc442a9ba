import type { KnownEvent } from '@gridpay/contracts';
import { fold } from '@gridpay/shared/ddd';
import { outreachShortCode, SHORT_CODE } from '../outreach/short-code';
import { customerMandates, inSegment, paymentHabits, paysInCash } from './customer-views';

let n = 0;
const event = (type: string, data: Record<string, unknown>) =>
  ({ eventId: `e${++n}`, type, data: { customerCode: 'PB05020054904', ...data } }) as unknown as KnownEvent;
const paid = (cashless: boolean, paidAt: string) =>
  event('PaymentReceived', { cashless, paidAt, paymentId: `p${n}` });

describe('who still pays in cash', () => {
  const habits = (...events: KnownEvent[]) =>
    fold(
      { initialState: () => paymentHabits.initial('PB05020054904'), evolve: paymentHabits.evolve },
      events,
    );
  it('the latest payment decides, an agent counter is cash', () => {
    expect(paysInCash(habits(paid(true, '2026-09-01'), paid(false, '2026-10-01')), undefined)).toBe(true);
    expect(paysInCash(habits(paid(false, '2026-09-01'), paid(true, '2026-10-01')), undefined)).toBe(false);
  });
  it('a late-delivered older payment does not change the latest', () => {
    expect(paysInCash(habits(paid(false, '2026-10-01'), paid(true, '2026-09-01')), undefined)).toBe(true);
  });
  it('an active auto-debit mandate means cashless; a customer who never paid is not counted', () => {
    const mandates = fold(
      { initialState: () => customerMandates.initial('PB05020054904'), evolve: customerMandates.evolve },
      [event('MandateRegistered', { mandateId: 'm1' })],
    );
    expect(paysInCash(habits(paid(false, '2026-10-01')), mandates)).toBe(false);
    expect(paysInCash(undefined, undefined)).toBe(false);
  });
  it('segments by commune, purpose and a staff list', () => {
    const profile = { customerCode: 'PB05020054904', commune: 'Quế An', purpose: 'business' as const };
    expect(inSegment(profile, 'PB05020054904', { commune: 'Quế An', purpose: 'business' })).toBe(true);
    expect(inSegment(profile, 'PB05020054904', { commune: 'Quế Phú' })).toBe(false);
    expect(inSegment(profile, 'PB05020054904', { customerCodes: ['PB05020000001'] })).toBe(false);
  });
});

describe('outreach short code', () => {
  it('is deterministic, readable, and moves on with the attempt', () => {
    const code = outreachShortCode('2026-11-que-an', 'PB05020054904');
    expect(code).toMatch(SHORT_CODE);
    expect(outreachShortCode('2026-11-que-an', 'PB05020054904')).toBe(code);
    expect(outreachShortCode('2026-11-que-an', 'PB05020054904', 1)).not.toBe(code);
  });
});
