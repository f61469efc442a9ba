import { fold } from '@gridpay/shared/ddd';
import {
  activeMandate,
  mandateDecider,
  maskAccount,
  type MandateCommand,
  type MandateEvent,
} from './mandate.decider';

const register: MandateCommand = {
  type: 'RegisterMandate',
  mandateId: 'agribank.M-1',
  customerCode: 'PB05020054904',
  partner: 'agribank',
  accountRef: '3700205123456',
  enrolledBy: 'NV0042',
  registeredAt: '2026-11-01T02:00:00Z',
};
const cancel: MandateCommand = {
  type: 'CancelMandate',
  customerCode: 'PB05020054904',
  mandateId: 'agribank.M-1',
  partner: 'agribank',
  reason: 'customer asked',
  cancelledAt: '2026-11-20T02:00:00Z',
};
const suspend: MandateCommand = {
  type: 'SuspendMandate',
  customerCode: 'PB05020054904',
  mandateId: 'agribank.M-1',
  reason: 'ACCOUNT_CLOSED',
  suspendedAt: '2026-11-06T02:00:00Z',
};

function given(...commands: MandateCommand[]): MandateEvent[] {
  const events: MandateEvent[] = [];
  for (const command of commands)
    events.push(...mandateDecider.decide(command, fold(mandateDecider, events)));
  return events;
}
const when = (past: MandateEvent[], command: MandateCommand) =>
  mandateDecider.decide(command, fold(mandateDecider, past));

describe('mandate decider', () => {
  it('masks all but the last 4 characters', () => {
    expect(maskAccount('3700205123456')).toBe('****3456');
  });

  describe('no mandate yet', () => {
    it('registers it, masked, with who enrolled the customer', () => {
      expect(when([], register)).toEqual([
        {
          type: 'MandateRegistered',
          data: {
            mandateId: 'agribank.M-1',
            customerCode: 'PB05020054904',
            partner: 'agribank',
            accountRef: '3700205123456',
            accountMasked: '****3456',
            enrolledBy: 'NV0042',
            registeredAt: '2026-11-01T02:00:00Z',
          },
        },
      ]);
    });
    it('refuses a too short account reference', () => {
      expect(() => when([], { ...register, accountRef: '12' } as MandateCommand)).toThrow(
        expect.objectContaining({ code: 'invalid-account' }),
      );
    });
    it('cannot cancel what does not exist', () => {
      expect(() => when([], cancel)).toThrow(expect.objectContaining({ code: 'unknown-mandate' }));
    });
  });

  describe('an active mandate', () => {
    const past = given(register);
    it('the same registration again decides nothing', () => {
      expect(when(past, { ...register, registeredAt: '2026-11-02T00:00:00Z' } as MandateCommand)).toEqual([]);
    });
    it('other content under the same id is a conflict', () => {
      expect(() => when(past, { ...register, accountRef: '999988887777' } as MandateCommand)).toThrow(
        expect.objectContaining({ code: 'idempotency-conflict' }),
      );
    });
    it('a second active mandate for the customer is refused', () => {
      expect(() => when(past, { ...register, mandateId: 'vietcombank.X' } as MandateCommand)).toThrow(
        expect.objectContaining({ code: 'mandate-exists' }),
      );
    });
    it('another bank cannot cancel it', () => {
      expect(() => when(past, { ...cancel, partner: 'vietcombank' } as MandateCommand)).toThrow(
        expect.objectContaining({ code: 'unknown-mandate' }),
      );
    });
    it('the bank cancels it', () => {
      expect(when(past, cancel)).toEqual([
        {
          type: 'MandateCancelled',
          data: {
            mandateId: 'agribank.M-1',
            customerCode: 'PB05020054904',
            partner: 'agribank',
            reason: 'customer asked',
            cancelledAt: '2026-11-20T02:00:00Z',
          },
        },
      ]);
    });
    it('a closed account suspends it', () => {
      const events = when(past, suspend);
      expect(events.map((e) => e.type)).toEqual(['MandateSuspended']);
      expect(activeMandate(fold(mandateDecider, [...past, ...events]))).toBeUndefined();
    });
  });

  describe('a cancelled mandate', () => {
    const past = given(register, cancel);
    it('cancelling again decides nothing', () => {
      expect(when(past, cancel)).toEqual([]);
    });
    it('suspending decides nothing', () => {
      expect(when(past, suspend)).toEqual([]);
    });
    it('a new mandate may be registered', () => {
      expect(when(past, { ...register, mandateId: 'agribank.M-2' } as MandateCommand)).toHaveLength(1);
    });
  });
});
