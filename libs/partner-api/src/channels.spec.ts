import { CHANNELS, isCashless, isChannel } from './channels';

describe('channels', () => {
  it('lists the eight channels of the partner contract', () => {
    expect(CHANNELS).toEqual([
      'COLLECTION_ORDER',
      'AUTO_DEBIT',
      'POS',
      'ATM',
      'INTERNET_BANKING',
      'MOBILE_BANKING',
      'WALLET',
      'COUNTER',
    ]);
    expect(isChannel('WALLET')).toBe(true);
    expect(isChannel('wallet')).toBe(false);
    expect(isChannel(3)).toBe(false);
  });
  it('cash at the partner counter is the one channel that is not cashless', () => {
    expect(CHANNELS.filter((channel) => !isCashless(channel))).toEqual(['COUNTER']);
  });
});
