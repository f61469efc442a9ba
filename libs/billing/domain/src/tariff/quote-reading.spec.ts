import { EVN_TARIFFS } from './evn-tariffs';
import { quoteNonResidentialPeriod } from './non-residential-tariff';
import { quoteReading, type CustomerTariffTerms } from './quote-reading';
import { quotePeriod } from './tariff-engine';

const household: CustomerTariffTerms = {
  purpose: 'residential',
  households: 2,
  voltageBand: '<6kV',
  threePriceMeter: false,
  landlordDeclaredOccupants: true,
};
const shop: CustomerTariffTerms = { ...household, purpose: 'business', households: 1, threePriceMeter: true };
const period = { previousReadDate: '2025-04-20', readDate: '2025-05-20' };

describe('quoting a reading for the bill run', () => {
  it('given a residential customer, then the tiers are used (quotePeriod), households included', () => {
    expect(quoteReading(EVN_TARIFFS, household, { ...period, kwh: 420 })).toEqual(
      quotePeriod(EVN_TARIFFS, { kwh: 420, from: '2025-04-20', to: '2025-05-20', households: 2 }),
    );
  });

  it('given a tenant without declared occupants, then every kWh is at the tier-3 price', () => {
    const tenant = { ...household, households: 1, landlordDeclaredOccupants: false };
    const quote = quoteReading(EVN_TARIFFS, tenant, {
      previousReadDate: '2025-06-01',
      readDate: '2025-07-01',
      kwh: 150,
    });
    expect(quote.subtotal).toBe(357_000);
  });

  it('given a business customer with a 3-price meter, then the bands are priced by time of use', () => {
    const reading = { ...period, kwh: 540, peakKwh: 90, normalKwh: 300, offPeakKwh: 150 };
    expect(quoteReading(EVN_TARIFFS, shop, reading)).toEqual(
      quoteNonResidentialPeriod(EVN_TARIFFS, {
        purpose: 'business',
        voltageBand: '<6kV',
        from: '2025-04-20',
        to: '2025-05-20',
        kwh: 540,
        byTime: { peak: 90, normal: 300, offPeak: 150 },
      }),
    );
  });

  it('given a production customer without a 3-price meter, then every kWh is at the normal price', () => {
    const workshop = {
      ...shop,
      purpose: 'production' as const,
      voltageBand: '6-22kV',
      threePriceMeter: false,
    };
    const quote = quoteReading(EVN_TARIFFS, workshop, {
      previousReadDate: '2025-06-01',
      readDate: '2025-07-01',
      kwh: 100,
    });
    expect(quote.lines).toEqual([
      { label: 'Giờ bình thường (công tơ 1 giá)', kwh: 100, unitPrice: 1899, amount: 189_900 },
    ]);
  });

  it('given an administrative customer, then its band’s flat price is used', () => {
    const school = { ...shop, purpose: 'administrative' as const, threePriceMeter: false };
    const quote = quoteReading(EVN_TARIFFS, school, {
      previousReadDate: '2025-06-01',
      readDate: '2025-07-01',
      kwh: 100,
    });
    expect(quote.subtotal).toBe(207_200);
  });
});

describe('readings that do not fit the customer', () => {
  it.each([
    [
      shop,
      { kwh: 540, peakKwh: 90, normalKwh: 300, offPeakKwh: 100 },
      'band-kwh-mismatch',
      /= 490 kWh, not the 540 kWh read/,
    ],
    [shop, { kwh: 540 }, 'missing-band-kwh', /3-price meter/],
    [shop, { kwh: 540, peakKwh: 90, normalKwh: 450 }, 'incomplete-band-kwh', /peak, normal and off-peak/],
    [
      household,
      { kwh: 3, peakKwh: 1, normalKwh: 1, offPeakKwh: 1 },
      'unexpected-band-kwh',
      /without a 3-price meter/,
    ],
    [
      { ...shop, voltageBand: '35kV' },
      { kwh: 3, peakKwh: 1, normalKwh: 1, offPeakKwh: 1 },
      'unknown-voltage-band',
      /35kV/,
    ],
  ])('%#: %j → %s', (customer, usage, code, message) => {
    const attempt = () => quoteReading(EVN_TARIFFS, customer, { ...period, ...usage });
    expect(attempt).toThrow(expect.objectContaining({ code }));
    expect(attempt).toThrow(message);
  });

  it('refuses a read date that is not after the previous one', () => {
    expect(() =>
      quoteReading(EVN_TARIFFS, household, {
        previousReadDate: '2025-05-20',
        readDate: '2025-05-20',
        kwh: 1,
      }),
    ).toThrow(/to must be after from/);
  });
});
