/** The ways a partner takes a customer's money. COUNTER is cash handed over at the partner's desk. */
export const CHANNELS = [
  'COLLECTION_ORDER',
  'AUTO_DEBIT',
  'POS',
  'ATM',
  'INTERNET_BANKING',
  'MOBILE_BANKING',
  'WALLET',
  'COUNTER',
] as const;

export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** Paying through an agent is not the same as paying without cash: a counter takes cash. */
export function isCashless(channel: Channel): boolean {
  return channel !== 'COUNTER';
}
