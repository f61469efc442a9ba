import { fold } from '@gridpay/shared/ddd';
import {
  activeKeys,
  partnerDecider,
  partnerStreamId,
  usableKey,
  type PartnerCommand,
  type PartnerEvent,
} from './partner.decider';
import { PARTNER_SEED, partnerSeedCommands } from './partner-seed';

const secret = (n: number) => `sandbox-test-secret-${n}-000000000000000`;
const register: PartnerCommand = {
  type: 'RegisterPartner',
  code: 'ecpay',
  name: 'ECPay',
  kind: 'intermediary',
  channels: ['COUNTER', 'WALLET'],
  keys: [{ keyId: 'k1', secret: secret(1) }],
  registeredAt: '2026-11-01T00:00:00Z',
};
const addKey = (keyId: string, n: number): PartnerCommand => ({
  type: 'AddKey',
  code: 'ecpay',
  keyId,
  secret: secret(n),
  addedAt: '2026-11-02T00:00:00Z',
});
const revoke = (keyId: string): PartnerCommand => ({
  type: 'RevokeKey',
  code: 'ecpay',
  keyId,
  revokedAt: '2026-11-03T00:00:00Z',
});
const disable: PartnerCommand = {
  type: 'DisablePartner',
  code: 'ecpay',
  reason: 'contract suspended',
  disabledAt: '2026-11-04T00:00:00Z',
};

function given(...commands: PartnerCommand[]): PartnerEvent[] {
  const events: PartnerEvent[] = [];
  for (const command of commands)
    events.push(...partnerDecider.decide(command, fold(partnerDecider, events)));
  return events;
}
const when = (past: PartnerEvent[], command: PartnerCommand) =>
  partnerDecider.decide(command, fold(partnerDecider, past));
const stateAfter = (events: PartnerEvent[]) => fold(partnerDecider, events);
const code = (error: string) => expect.objectContaining({ code: error });

describe('partner decider', () => {
  it('one stream per partner', () => {
    expect(partnerStreamId('ecpay')).toBe('partner-ecpay');
  });

  describe('not registered', () => {
    it('registers the partner and its keys', () => {
      expect(when([], register)).toEqual([
        {
          type: 'PartnerRegistered',
          data: {
            code: 'ecpay',
            name: 'ECPay',
            kind: 'intermediary',
            channels: ['COUNTER', 'WALLET'],
            registeredAt: '2026-11-01T00:00:00Z',
          },
        },
        {
          type: 'PartnerKeyAdded',
          data: { code: 'ecpay', keyId: 'k1', secret: secret(1), addedAt: '2026-11-01T00:00:00Z' },
        },
      ]);
    });
    it('refuses a malformed code, an unknown kind or channel, no channels, more than two keys', () => {
      const bad = (patch: object) => () => when([], { ...register, ...patch } as PartnerCommand);
      expect(bad({ code: 'EC-PAY' })).toThrow(code('invalid-partner'));
      expect(bad({ kind: 'shop' })).toThrow(code('invalid-partner'));
      expect(bad({ channels: ['CASH'] })).toThrow(code('invalid-partner'));
      expect(bad({ channels: [] })).toThrow(code('invalid-partner'));
      expect(bad({ channels: ['WALLET', 'WALLET'] })).toThrow(code('invalid-partner'));
      expect(
        bad({
          keys: [
            { keyId: 'k1', secret: secret(1) },
            { keyId: 'k2', secret: secret(2) },
            { keyId: 'k3', secret: secret(3) },
          ],
        }),
      ).toThrow(code('too-many-active-keys'));
      expect(
        bad({
          keys: [
            { keyId: 'k1', secret: secret(1) },
            { keyId: 'k1', secret: secret(2) },
          ],
        }),
      ).toThrow(code('key-id-taken'));
      expect(bad({ keys: [{ keyId: 'k1', secret: 'short' }] })).toThrow(code('invalid-key'));
    });
    it('takes no other command', () => {
      expect(() => when([], addKey('k2', 2))).toThrow(code('unknown-partner'));
      expect(() => when([], disable)).toThrow(code('unknown-partner'));
    });
  });

  describe('active with one key', () => {
    const past = given(register);
    it('registering again decides nothing (a seed re-run never undoes admin changes)', () => {
      expect(when(past, { ...register, name: 'renamed' } as PartnerCommand)).toEqual([]);
    });
    it('adds a second key so the first can rotate out without downtime', () => {
      const events = [...past, ...when(past, addKey('k2', 2))];
      expect(activeKeys(stateAfter(events)).map((key) => key.keyId)).toEqual(['k1', 'k2']);
      const rotated = [...events, ...when(events, revoke('k1'))];
      expect(usableKey(stateAfter(rotated), 'k1')).toBeUndefined();
      expect(usableKey(stateAfter(rotated), 'k2')).toMatchObject({ secret: secret(2) });
    });
    it('adding the same key again decides nothing; the same id with another secret is refused', () => {
      expect(when(past, { ...addKey('k1', 1) })).toEqual([]);
      expect(() => when(past, addKey('k1', 9))).toThrow(code('key-id-taken'));
    });
    it('refuses to revoke a key it does not have', () => {
      expect(() => when(past, revoke('k9'))).toThrow(code('unknown-key'));
    });
    it('is disabled, and enabled again', () => {
      const disabled = [...past, ...when(past, disable)];
      expect(stateAfter(disabled).status).toBe('disabled');
      expect(usableKey(stateAfter(disabled), 'k1')).toBeUndefined();
      const enabled = [
        ...disabled,
        ...when(disabled, { type: 'EnablePartner', code: 'ecpay', enabledAt: '2026-11-05T00:00:00Z' }),
      ];
      expect(usableKey(stateAfter(enabled), 'k1')).toBeDefined();
    });
    it('enabling an active partner decides nothing', () => {
      expect(when(past, { type: 'EnablePartner', code: 'ecpay', enabledAt: 't' })).toEqual([]);
    });
  });

  describe('two active keys', () => {
    const past = given(register, addKey('k2', 2));
    it('refuses a third until one is revoked', () => {
      expect(() => when(past, addKey('k3', 3))).toThrow(code('too-many-active-keys'));
      const revoked = [...past, ...when(past, revoke('k1'))];
      expect(when(revoked, addKey('k3', 3))).toHaveLength(1);
    });
  });

  describe('key revoked', () => {
    const past = given(register, revoke('k1'));
    it('revoking again decides nothing, and the id cannot come back', () => {
      expect(when(past, revoke('k1'))).toEqual([]);
      expect(() => when(past, addKey('k1', 1))).toThrow(code('key-id-taken'));
    });
  });

  describe('disabled', () => {
    const past = given(register, disable);
    it('disabling again decides nothing', () => {
      expect(when(past, disable)).toEqual([]);
    });
    it('keys can still be rotated while disabled', () => {
      expect(when(past, addKey('k2', 2))).toHaveLength(1);
    });
  });
});

describe('partner seed', () => {
  it('has the 11 partners with distinct codes, each registering cleanly with sandbox keys', () => {
    expect(PARTNER_SEED).toHaveLength(11);
    expect(new Set(PARTNER_SEED.map((p) => p.code)).size).toBe(11);
    for (const command of partnerSeedCommands(PARTNER_SEED, '2026-11-01T00:00:00Z')) {
      const events = partnerDecider.decide(command, partnerDecider.initialState());
      const state = stateAfter(events);
      expect(state.status).toBe('active');
      expect(activeKeys(state).length).toBeGreaterThanOrEqual(1);
      for (const key of activeKeys(state)) expect(key.secret).toMatch(/^sandbox-/);
      expect(partnerDecider.decide(command, state)).toEqual([]);
    }
  });
  it('names the wallets and intermediaries of the domain notes; one partner shows key rotation', () => {
    const codes = PARTNER_SEED.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['viettelpay', 'bankplus', 'momo', 'ecpay', 'vnpay']));
    expect(PARTNER_SEED.filter((p) => p.kind === 'bank')).toHaveLength(6);
    expect(PARTNER_SEED.filter((p) => p.keys.length === 2).map((p) => p.code)).toEqual(['agribank']);
    expect(PARTNER_SEED.find((p) => p.code === 'momo')?.channels).toEqual(['WALLET']);
  });
});
