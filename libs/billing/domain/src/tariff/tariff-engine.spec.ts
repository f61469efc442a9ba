import { DomainError } from '@gridpay/shared/ddd';
import { EVN_TARIFFS } from './evn-tariffs';
import { quoteMonth, quotePeriod, vatRateOn } from './tariff-engine';

const month = (kwh: number, date: string, extra = {}) => quoteMonth(EVN_TARIFFS, { kwh, date, ...extra });

describe('residential tariff, a standard month', () => {
  it.each([
    // check values from domain.md
    [150, '2019-10-31', 271_300, 10, 298_430],
    [250, '2019-10-31', 498_800, 10, 548_680],
    [150, '2025-06-30', 320_700, 8, 346_356],
  ])('%i kWh on %s: subtotal %i, VAT %i%%, total %i', (kwh, date, subtotal, vatRate, total) => {
    expect(month(kwh, date)).toMatchObject({ subtotal, vatRate, total });
  });

  it.each([
    [50, 83_900],
    [51, 83_900 + 1_734],
    [100, 83_900 + 86_700],
    [101, 170_600 + 2_014],
    [200, 170_600 + 201_400],
    [201, 372_000 + 2_536],
    [300, 372_000 + 253_600],
    [301, 625_600 + 2_834],
    [400, 625_600 + 283_400],
    [401, 909_000 + 2_927],
  ])('tier boundary at %i kWh (2019 prices): subtotal %i', (kwh, subtotal) => {
    expect(month(kwh, '2019-10-31').subtotal).toBe(subtotal);
  });

  it('0 kWh is a bill of nothing', () => {
    expect(month(0, '2025-06-30')).toMatchObject({ lines: [], subtotal: 0, vat: 0, total: 0 });
  });

  it('a meter shared by 2 households has every tier twice as wide', () => {
    const quote = month(200, '2019-10-31', { households: 2 });
    expect(quote.lines.map((l) => [l.kwh, l.unitPrice])).toEqual([
      [100, 1678],
      [100, 1734],
    ]);
    expect(quote.subtotal).toBe(341_200);
  });

  it('tenants without declared occupants pay every kWh at the tier-3 price', () => {
    const quote = month(150, '2025-06-30', { landlordDeclaredOccupants: false });
    expect(quote.lines).toEqual([expect.objectContaining({ kwh: 150, unitPrice: 2380, amount: 357_000 })]);
  });

  it('every line is kWh × unit price and the lines add up to the subtotal', () => {
    const quote = month(523, '2024-12-31', { households: 3 });
    for (const line of quote.lines) expect(line.amount).toBe(line.kwh * line.unitPrice);
    expect(quote.lines.reduce((s, l) => s + l.kwh, 0)).toBe(523);
    expect(quote.lines.reduce((s, l) => s + l.amount, 0)).toBe(quote.subtotal);
  });

  it('refuses bad input with a reason', () => {
    expect(() => month(-1, '2025-06-30')).toThrow(DomainError);
    expect(() => month(1.5, '2025-06-30')).toThrow(/kwh must be a whole number/);
    expect(() => month(10, '2018-01-31')).toThrow(/no residential tariff in force on 2018-01-31/);
    expect(() => month(10, '2025-13-45')).toThrow(/date must be a date/);
  });
});

describe('VAT periods', () => {
  it.each([
    ['2021-12-31', 10],
    ['2022-02-01', 8],
    ['2023-03-31', 10],
    ['2023-07-01', 8],
    ['2024-06-30', 8],
    ['2026-12-31', 8],
    ['2027-01-01', 10],
  ])('%s: %i%%', (date, rate) => {
    expect(vatRateOn(EVN_TARIFFS, date)).toBe(rate);
  });
});

describe('a reading period across a price change (EVN rule)', () => {
  it('splits kWh and tier widths by days before and after 2024-10-11', () => {
    // 2024-09-20 → 2024-10-19: 29 days, 21 before the change, 8 after
    const quote = quotePeriod(EVN_TARIFFS, { kwh: 420, from: '2024-09-20', to: '2024-10-19' });
    const old = quote.lines.filter((l) => l.label.includes('[2024-09-20…'));
    const fresh = quote.lines.filter((l) => l.label.includes('[2024-10-11…'));
    expect(old.reduce((s, l) => s + l.kwh, 0)).toBe(304); // round(420 × 21 / 29)
    expect(fresh.reduce((s, l) => s + l.kwh, 0)).toBe(116);
    expect(old[0]).toMatchObject({ kwh: 36, unitPrice: 1806 }); // round(50 × 21 / 29)
    expect(fresh[0]).toMatchObject({ kwh: 14, unitPrice: 1893 }); // round(50 × 8 / 29)
    expect(quote.tariffs).toEqual(['+4.5%', '2699/QĐ-BCT']);
    expect(quote.vatRate).toBe(8);
    expect(quote.total).toBe(quote.subtotal + Math.round(quote.subtotal * 0.08));
  });

  it('a period without a change is not split', () => {
    const quote = quotePeriod(EVN_TARIFFS, { kwh: 150, from: '2019-09-30', to: '2019-10-31' });
    expect(quote.subtotal).toBe(271_300);
    expect(quote.lines).toHaveLength(3);
  });

  it('refuses a period that does not move forward', () => {
    expect(() => quotePeriod(EVN_TARIFFS, { kwh: 1, from: '2024-10-19', to: '2024-10-19' })).toThrow(
      /to must be after from/,
    );
  });
});
