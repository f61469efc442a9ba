import { DomainError } from '@gridpay/shared/ddd';
import { EVN_TARIFFS } from './evn-tariffs';
import {
  quoteNonResidentialMonth,
  quoteNonResidentialPeriod,
  VOLTAGE_BANDS,
  type NonResidentialUsage,
} from './non-residential-tariff';

const month = (usage: NonResidentialUsage, date = '2025-06-30') =>
  quoteNonResidentialMonth(EVN_TARIFFS, { ...usage, date });

describe('business and production customers with a 3-price meter', () => {
  it('given a business customer below 6 kV, when the month is quoted, then each band is at its own price', () => {
    const quote = month({
      purpose: 'business',
      voltageBand: '<6kV',
      kwh: 600,
      byTime: { peak: 100, normal: 300, offPeak: 200 },
    });
    expect(quote.lines).toEqual([
      { label: 'Giờ cao điểm', kwh: 100, unitPrice: 5422, amount: 542_200 },
      { label: 'Giờ bình thường', kwh: 300, unitPrice: 3152, amount: 945_600 },
      { label: 'Giờ thấp điểm', kwh: 200, unitPrice: 1918, amount: 383_600 },
    ]);
    expect(quote).toMatchObject({
      kwh: 600,
      subtotal: 1_871_400,
      vatRate: 8,
      vat: 149_712,
      total: 2_021_112,
    });
    expect(quote.tariffs).toEqual(['1279/QĐ-BCT']);
  });

  it('given a production customer below 6 kV, then the prices are the production ones (domain.md sample)', () => {
    const quote = month({
      purpose: 'production',
      voltageBand: '<6kV',
      kwh: 3,
      byTime: { peak: 1, normal: 1, offPeak: 1 },
    });
    expect(quote.lines.map((l) => l.unitPrice)).toEqual([3640, 1987, 1300]);
  });

  it('a higher voltage band is cheaper', () => {
    const usage = { purpose: 'production' as const, kwh: 100, byTime: { peak: 20, normal: 50, offPeak: 30 } };
    const subtotals = VOLTAGE_BANDS.map((voltageBand) => month({ ...usage, voltageBand }).subtotal);
    expect([...subtotals].sort((a, b) => b - a)).toEqual(subtotals);
    expect(new Set(subtotals).size).toBe(4);
  });

  it('a band with 0 kWh gets no line', () => {
    const quote = month({
      purpose: 'business',
      voltageBand: '6-22kV',
      kwh: 50,
      byTime: { peak: 0, normal: 50, offPeak: 0 },
    });
    expect(quote.lines).toEqual([{ label: 'Giờ bình thường', kwh: 50, unitPrice: 3108, amount: 155_400 }]);
  });

  it('refuses band kWh that do not add up to the kWh read', () => {
    expect(() =>
      month({
        purpose: 'business',
        voltageBand: '<6kV',
        kwh: 10,
        byTime: { peak: 1, normal: 2, offPeak: 3 },
      }),
    ).toThrow(/peak 1 \+ normal 2 \+ off-peak 3 = 6 kWh, not the 10 kWh read/);
  });
});

describe('business and production customers without a 3-price meter', () => {
  it('given a production customer below 6 kV, then every kWh is at the normal price', () => {
    const quote = month({ purpose: 'production', voltageBand: '<6kV', kwh: 1000 });
    expect(quote.lines).toEqual([
      { label: 'Giờ bình thường (công tơ 1 giá)', kwh: 1000, unitPrice: 1987, amount: 1_987_000 },
    ]);
    expect(quote).toMatchObject({ subtotal: 1_987_000, vat: 158_960, total: 2_145_960 });
  });
});

describe('administrative customers (hospitals, schools, offices)', () => {
  it('given a school below 6 kV, then every kWh is at one flat price for its band', () => {
    const quote = month({ purpose: 'administrative', voltageBand: '<6kV', kwh: 500 });
    expect(quote.lines).toEqual([
      { label: 'Hành chính sự nghiệp (<6kV)', kwh: 500, unitPrice: 2072, amount: 1_036_000 },
    ]);
  });

  it('a 3-price meter does not change a flat price', () => {
    const flat = month({ purpose: 'administrative', voltageBand: '6-22kV', kwh: 90 });
    const metered = month({
      purpose: 'administrative',
      voltageBand: '6-22kV',
      kwh: 90,
      byTime: { peak: 30, normal: 30, offPeak: 30 },
    });
    expect(metered).toEqual(flat);
  });
});

describe('a non-residential reading period across a price change', () => {
  it('splits each band by days exactly like the residential tiers', () => {
    // 2025-04-20 → 2025-05-20: 30 days, 20 at the 2024 prices, 10 at the 2025-05-10 ones
    const quote = quoteNonResidentialPeriod(EVN_TARIFFS, {
      purpose: 'business',
      voltageBand: '<6kV',
      from: '2025-04-20',
      to: '2025-05-20',
      kwh: 540,
      byTime: { peak: 90, normal: 300, offPeak: 150 },
    });
    expect(quote.lines.map((l) => [l.label, l.kwh, l.unitPrice])).toEqual([
      ['Giờ cao điểm [2025-04-20…2025-05-10, 20/30 ngày]', 60, 5174],
      ['Giờ bình thường [2025-04-20…2025-05-10, 20/30 ngày]', 200, 3008],
      ['Giờ thấp điểm [2025-04-20…2025-05-10, 20/30 ngày]', 100, 1830],
      ['Giờ cao điểm [2025-05-10…2025-05-20, 10/30 ngày]', 30, 5422],
      ['Giờ bình thường [2025-05-10…2025-05-20, 10/30 ngày]', 100, 3152],
      ['Giờ thấp điểm [2025-05-10…2025-05-20, 10/30 ngày]', 50, 1918],
    ]);
    expect(quote).toMatchObject({ kwh: 540, subtotal: 1_668_800, vatRate: 8, vat: 133_504 });
    expect(quote.tariffs).toEqual(['2699/QĐ-BCT', '1279/QĐ-BCT']);
  });

  it('the split kWh always add up to the kWh read, and every line is kWh × price', () => {
    const quote = quoteNonResidentialPeriod(EVN_TARIFFS, {
      purpose: 'production',
      voltageBand: '22-110kV',
      from: '2025-04-27',
      to: '2025-05-28',
      kwh: 1001,
      byTime: { peak: 333, normal: 334, offPeak: 334 },
    });
    expect(quote.lines.reduce((s, l) => s + l.kwh, 0)).toBe(1001);
    for (const line of quote.lines) expect(line.amount).toBe(line.kwh * line.unitPrice);
    expect(quote.lines.reduce((s, l) => s + l.amount, 0)).toBe(quote.subtotal);
  });

  it('a period without a change of the customer’s prices is not split', () => {
    const quote = quoteNonResidentialPeriod(EVN_TARIFFS, {
      purpose: 'administrative',
      voltageBand: '>=110kV',
      from: '2025-06-01',
      to: '2025-07-01',
      kwh: 10,
    });
    expect(quote.lines).toEqual([
      { label: 'Hành chính sự nghiệp (>=110kV)', kwh: 10, unitPrice: 1940, amount: 19_400 },
    ]);
  });
});

describe('refusals', () => {
  it.each([
    [{ purpose: 'business', voltageBand: '35kV', kwh: 1 }, 'unknown-voltage-band'],
    [{ purpose: 'residential', voltageBand: '<6kV', kwh: 1 }, 'unknown-purpose'],
    [{ purpose: 'business', voltageBand: '<6kV', kwh: -1 }, 'invalid-kwh'],
    [{ purpose: 'business', voltageBand: '<6kV', kwh: 1.5 }, 'invalid-kwh'],
  ])('%j: %s', (usage, code) => {
    expect(() => month(usage as NonResidentialUsage)).toThrow(expect.objectContaining({ code }));
  });

  it('no prices in force before the first non-residential table', () => {
    expect(() => month({ purpose: 'business', voltageBand: '<6kV', kwh: 1 }, '2024-01-31')).toThrow(
      new DomainError('no-tariff', 'no business tariff for <6kV in force on 2024-01-31'),
    );
  });
});
