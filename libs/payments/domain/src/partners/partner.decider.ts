import { isChannel, type Channel } from '@gridpay/partner-api';
import { DomainError, unreachable, type Decider } from '@gridpay/shared/ddd';

export const PARTNER_KINDS = ['bank', 'intermediary', 'e-wallet'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** Two keys may be active at once, so a partner rotates without downtime. */
export const MAX_ACTIVE_KEYS = 2;

/** Lower-case letters and digits, as the partner sends it in X-Partner-Code and events carry it. */
const PARTNER_CODE = /^[a-z][a-z0-9]{1,31}$/;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MIN_SECRET_LENGTH = 32;

export function partnerStreamId(code: string): string {
  return `partner-${code}`;
}

export interface PartnerKeyInput {
  keyId: string;
  /** The HMAC secret as the data-access layer stores it (it seals it at rest). */
  secret: string;
}

export type PartnerCommand =
  | {
      type: 'RegisterPartner';
      code: string;
      name: string;
      kind: PartnerKind;
      channels: Channel[];
      keys?: PartnerKeyInput[];
      registeredAt: string;
    }
  | ({ type: 'AddKey'; code: string; addedAt: string } & PartnerKeyInput)
  | { type: 'RevokeKey'; code: string; keyId: string; revokedAt: string }
  | { type: 'DisablePartner'; code: string; reason: string; disabledAt: string }
  | { type: 'EnablePartner'; code: string; enabledAt: string };

export type PartnerEvent =
  | {
      type: 'PartnerRegistered';
      data: { code: string; name: string; kind: PartnerKind; channels: Channel[]; registeredAt: string };
    }
  | { type: 'PartnerKeyAdded'; data: PartnerKeyInput & { code: string; addedAt: string } }
  | { type: 'PartnerKeyRevoked'; data: { code: string; keyId: string; revokedAt: string } }
  | { type: 'PartnerDisabled'; data: { code: string; reason: string; disabledAt: string } }
  | { type: 'PartnerEnabled'; data: { code: string; enabledAt: string } };

export interface PartnerKey {
  keyId: string;
  secret: string;
  active: boolean;
}

export interface PartnerState {
  status: 'unregistered' | 'active' | 'disabled';
  code: string;
  name: string;
  kind: PartnerKind | undefined;
  channels: Channel[];
  keys: PartnerKey[];
}

export const activeKeys = (state: PartnerState): PartnerKey[] => state.keys.filter((key) => key.active);

/** The key a request names, when the partner is enabled and the key active (what the gateway checks). */
export function usableKey(state: PartnerState, keyId: string): PartnerKey | undefined {
  if (state.status !== 'active') return undefined;
  return state.keys.find((key) => key.keyId === keyId && key.active);
}

function checkKey(key: PartnerKeyInput): void {
  if (!KEY_ID.test(key.keyId))
    throw new DomainError('invalid-key', 'keyId must be 1–64 letters, digits, dot, dash or underscore');
  if (key.secret.length < MIN_SECRET_LENGTH)
    throw new DomainError('invalid-key', `a secret must be at least ${MIN_SECRET_LENGTH} characters`);
}

function addKey(state: PartnerState, key: PartnerKeyInput, addedAt: string): PartnerEvent[] {
  checkKey(key);
  const existing = state.keys.find((known) => known.keyId === key.keyId);
  if (existing) {
    if (existing.active && existing.secret === key.secret) return [];
    throw new DomainError('key-id-taken', `key id ${key.keyId} was already used; a new key needs a new id`);
  }
  if (activeKeys(state).length >= MAX_ACTIVE_KEYS)
    throw new DomainError(
      'too-many-active-keys',
      `revoke a key first: at most ${MAX_ACTIVE_KEYS} may be active`,
    );
  return [
    { type: 'PartnerKeyAdded', data: { code: state.code, keyId: key.keyId, secret: key.secret, addedAt } },
  ];
}

function evolvePartner(state: PartnerState, event: PartnerEvent): PartnerState {
  switch (event.type) {
    case 'PartnerRegistered':
      return {
        ...state,
        status: 'active',
        code: event.data.code,
        name: event.data.name,
        kind: event.data.kind,
        channels: event.data.channels,
      };
    case 'PartnerKeyAdded':
      return {
        ...state,
        keys: [...state.keys, { keyId: event.data.keyId, secret: event.data.secret, active: true }],
      };
    case 'PartnerKeyRevoked':
      return {
        ...state,
        keys: state.keys.map((key) => (key.keyId === event.data.keyId ? { ...key, active: false } : key)),
      };
    case 'PartnerDisabled':
      return { ...state, status: 'disabled' };
    case 'PartnerEnabled':
      return { ...state, status: 'active' };
    default:
      return state;
  }
}

/**
 * A partner (bank, intermediary or e-wallet) that may call the partner API: the channels it offers and
 * its signing keys. Keys are never reused: a revoked key id stays revoked. Registering a partner that
 * exists decides nothing, so re-running the seed never undoes what an admin changed.
 */
export const partnerDecider: Decider<PartnerCommand, PartnerEvent, PartnerState> = {
  initialState: () => ({
    status: 'unregistered',
    code: '',
    name: '',
    kind: undefined,
    channels: [],
    keys: [],
  }),

  evolve: evolvePartner,

  decide: (command, state) => {
    if (command.type !== 'RegisterPartner' && state.status === 'unregistered')
      throw new DomainError('unknown-partner', `partner ${command.code} is not registered`);
    switch (command.type) {
      case 'RegisterPartner': {
        if (state.status !== 'unregistered') return [];
        const { code, name, kind, channels, keys = [], registeredAt } = command;
        if (!PARTNER_CODE.test(code))
          throw new DomainError('invalid-partner', 'code must be 2–32 lower-case letters and digits');
        if (name.trim() === '') throw new DomainError('invalid-partner', 'name is required');
        if (!PARTNER_KINDS.includes(kind))
          throw new DomainError('invalid-partner', `kind must be one of ${PARTNER_KINDS.join(', ')}`);
        if (channels.length === 0 || !channels.every(isChannel) || new Set(channels).size !== channels.length)
          throw new DomainError('invalid-partner', 'channels must be distinct known channels, at least one');
        const registered: PartnerEvent = {
          type: 'PartnerRegistered',
          data: { code, name, kind, channels: [...channels], registeredAt },
        };
        const events: PartnerEvent[] = [registered];
        // Each key is checked against the keys before it, so a repeated id or a third key is refused.
        let next = evolvePartner(state, registered);
        for (const key of keys) {
          const added = addKey(next, key, registeredAt);
          events.push(...added);
          next = added.reduce(evolvePartner, next);
        }
        return events;
      }
      case 'AddKey':
        return addKey(state, command, command.addedAt);
      case 'RevokeKey': {
        const key = state.keys.find((known) => known.keyId === command.keyId);
        if (!key) throw new DomainError('unknown-key', `partner ${command.code} has no key ${command.keyId}`);
        if (!key.active) return [];
        return [
          {
            type: 'PartnerKeyRevoked',
            data: { code: state.code, keyId: key.keyId, revokedAt: command.revokedAt },
          },
        ];
      }
      case 'DisablePartner':
        if (state.status === 'disabled') return [];
        return [
          {
            type: 'PartnerDisabled',
            data: { code: state.code, reason: command.reason, disabledAt: command.disabledAt },
          },
        ];
      case 'EnablePartner':
        if (state.status === 'active') return [];
        return [{ type: 'PartnerEnabled', data: { code: state.code, enabledAt: command.enabledAt } }];
      default:
        return unreachable(command);
    }
  },
};
