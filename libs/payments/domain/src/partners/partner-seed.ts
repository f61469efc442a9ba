import type { Channel } from '@gridpay/partner-api';
import seed from './partners.seed.json';
import type { PartnerCommand, PartnerKeyInput, PartnerKind } from './partner.decider';

export interface PartnerSeedEntry {
  code: string;
  name: string;
  kind: PartnerKind;
  channels: Channel[];
  /** Sandbox keys only. */
  keys: PartnerKeyInput[];
}

/** The 11 partners with sandbox credentials (data in partners.seed.json). */
export const PARTNER_SEED = seed.partners as PartnerSeedEntry[];

/** The commands that register the seeded partners; re-running them decides nothing new. */
export function partnerSeedCommands(
  entries: readonly PartnerSeedEntry[],
  registeredAt: string,
): Array<Extract<PartnerCommand, { type: 'RegisterPartner' }>> {
  return entries.map((entry) => ({
    type: 'RegisterPartner',
    code: entry.code,
    name: entry.name,
    kind: entry.kind,
    channels: [...entry.channels],
    keys: entry.keys.map((key) => ({ ...key })),
    registeredAt,
  }));
}
