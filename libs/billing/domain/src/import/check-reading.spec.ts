import { checkReading, type ReadingKnowledge } from './check-reading';
import type { ReadingRow } from './reading-book';

const row = (extra: Partial<ReadingRow> = {}): ReadingRow => ({
  line: 2,
  customerCode: 'PB05020054904',
  readDate: '2025-05-20',
  oldIndex: 12345,
  newIndex: 12495,
  ...extra,
});
const bands = {
  peakIndexOld: 1000,
  peakIndexNew: 1090,
  normalIndexOld: 5000,
  normalIndexNew: 5300,
  offPeakIndexOld: 3000,
  offPeakIndexNew: 3150,
};
const household: ReadingKnowledge = {
  customer: { threePriceMeter: false },
  previous: { readDate: '2025-04-20', newIndex: 12345 },
  alreadyRecorded: false,
};
const shop: ReadingKnowledge = { ...household, customer: { threePriceMeter: true } };
const shopRow = (extra: Partial<ReadingRow> = {}) =>
  row({ oldIndex: 12345, newIndex: 12885, ...bands, ...extra });

describe('checking a reading against what is known', () => {
  describe('given a known 1-price customer whose last reading ended at the old index', () => {
    it('then the kWh are new − old', () => {
      expect(checkReading(row(), household)).toEqual({ ok: true, kwh: 150 });
    });

    it('then a first reading (no previous one) is taken as it is', () => {
      expect(checkReading(row({ oldIndex: 0, newIndex: 80 }), { ...household, previous: undefined })).toEqual(
        {
          ok: true,
          kwh: 80,
        },
      );
    });

    it('then an unchanged index is 0 kWh', () => {
      expect(checkReading(row({ newIndex: 12345 }), household)).toEqual({ ok: true, kwh: 0 });
    });
  });

  describe('given a meter that rolled over', () => {
    it('then the register wraps at 10^N, N = digits of the old index', () => {
      const previous = { readDate: '2025-04-20', newIndex: 99950 };
      const rolled = row({ oldIndex: 99950, newIndex: 100, indexReset: 'rollover' });
      expect(checkReading(rolled, { ...household, previous })).toEqual({ ok: true, kwh: 150 });
    });

    it('then leading zeros written in the book count as digits', () => {
      const previous = { readDate: '2025-04-20', newIndex: 9950 };
      const rolled = row({ oldIndex: 9950, newIndex: 100, indexReset: 'rollover', registerDigits: 6 });
      expect(checkReading(rolled, { ...household, previous })).toEqual({ ok: true, kwh: 990_150 });
    });

    it('then a rollover flag without any index going down is refused', () => {
      expect(checkReading(row({ indexReset: 'rollover' }), household)).toMatchObject({
        ok: false,
        reason: 'reset-without-drop',
      });
    });
  });

  describe('given a replaced meter', () => {
    it('then the kWh are the new index (the new meter started at 0), whatever the old index', () => {
      expect(checkReading(row({ oldIndex: 0, newIndex: 42, indexReset: 'replacement' }), household)).toEqual({
        ok: true,
        kwh: 42,
      });
    });
  });

  describe('given a 3-price meter', () => {
    it('then each band’s kWh are its own new − old', () => {
      expect(checkReading(shopRow(), shop)).toEqual({
        ok: true,
        kwh: 540,
        peakKwh: 90,
        normalKwh: 300,
        offPeakKwh: 150,
      });
    });

    it('then a band register that rolled over wraps too', () => {
      const rolled = shopRow({ offPeakIndexOld: 99950, offPeakIndexNew: 100, indexReset: 'rollover' });
      expect(checkReading(rolled, shop)).toMatchObject({ ok: true, offPeakKwh: 150 });
    });
  });

  it.each<[string, ReadingRow, ReadingKnowledge, string, RegExp]>([
    [
      'an unknown customer',
      row(),
      { ...household, customer: undefined },
      'unknown-customer',
      /no customer PB05020054904/,
    ],
    [
      'a reading already recorded',
      row(),
      { ...household, alreadyRecorded: true },
      'duplicate-reading',
      /reading of PB05020054904 on 2025-05-20 is already recorded/,
    ],
    [
      'a read date on the previous one',
      row({ readDate: '2025-04-20' }),
      household,
      'read-date-not-after-previous',
      /read date 2025-04-20 is not after the previous reading's 2025-04-20/,
    ],
    [
      'an old index that does not continue the previous reading',
      row({ oldIndex: 12340 }),
      household,
      'old-index-mismatch',
      /old index 12340 is not the previous reading's new index 12345 \(read 2025-04-20\)/,
    ],
    [
      'a new index below the old one',
      row({ newIndex: 12000 }),
      household,
      'new-index-below-old',
      /new index 12000 is below the old 12345/,
    ],
    [
      'a band index below its old one',
      shopRow({ peakIndexNew: 900 }),
      shop,
      'new-index-below-old',
      /new peak index 900 is below the old 1000/,
    ],
    ['a 3-price meter without band indexes', row(), shop, 'missing-band-indexes', /3-price meter needs/],
    [
      'a 3-price meter with some band indexes',
      row({ peakIndexOld: 1, peakIndexNew: 2 }),
      shop,
      'missing-band-indexes',
      /3-price meter needs/,
    ],
    [
      'band indexes for a 1-price meter',
      shopRow(),
      household,
      'unexpected-band-indexes',
      /without a 3-price meter/,
    ],
    [
      'bands that do not add up to the total',
      shopRow({ newIndex: 12895 }),
      shop,
      'band-kwh-mismatch',
      /peak 90 \+ normal 300 \+ off-peak 150 = 540 kWh, not the 550 kWh on the total register/,
    ],
  ])('refuses %s', (_, reading, known, reason, message) => {
    const check = checkReading(reading, known);
    expect(check).toMatchObject({ ok: false, reason });
    expect(check.ok === false && check.message).toMatch(message);
  });
});
