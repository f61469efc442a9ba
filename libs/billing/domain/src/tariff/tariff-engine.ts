import { DomainError } from '@gridpay/shared/ddd';
import { dayNumber, segmentSuffix, shareByDays, splitPeriod } from './period-split';

export interface ResidentialSchedule {
  from: string;
  decision: string;
  /** VND/kWh for each tier, before VAT. */
  prices: number[];
}

/** Business and production prices for one voltage band, VND/kWh before VAT. */
export interface TimeOfUseRate {
  from: string;
  decision: string;
  purpose: string;
  voltageBand: string;
  peak: number;
  normal: number;
  offPeak: number;
}

/** Administrative (hospitals, schools, offices): one price per voltage band, no time of use. */
export interface FlatRate {
  from: string;
  decision: string;
  purpose: string;
  voltageBand: string;
  price: number;
}

export interface TariffTables {
  residential: { tierWidths: Array<number | null>; landlordTier: number; schedules: ResidentialSchedule[] };
  timeOfUse: TimeOfUseRate[];
  flat: FlatRate[];
  vat: { standardRate: number; reduced: Array<{ from: string; to: string; rate: number }> };
}

export interface BillLine {
  label: string;
  kwh: number;
  unitPrice: number;
  amount: number;
}

export interface Quote {
  kwh: number;
  lines: BillLine[];
  subtotal: number;
  vatRate: number;
  vat: number;
  total: number;
  /** The price decisions the lines use. */
  tariffs: string[];
}

export interface ResidentialUsage {
  kwh: number;
  /** Households declared on the meter: every tier width is multiplied by it. */
  households?: number;
  /** false for tenants whose landlord declared no occupants: all kWh at the tier-3 price. */
  landlordDeclaredOccupants?: boolean;
}

function checkUsage({ kwh, households = 1 }: ResidentialUsage): void {
  if (!Number.isSafeInteger(kwh) || kwh < 0)
    throw new DomainError('invalid-kwh', 'kwh must be a whole number >= 0');
  if (!Number.isSafeInteger(households) || households < 1) {
    throw new DomainError('invalid-households', 'households must be a whole number >= 1');
  }
}

/** The schedule in force on a date: the latest whose `from` is not after it. */
export function scheduleOn(tables: TariffTables, date: string): ResidentialSchedule {
  dayNumber(date, 'date');
  const found = [...tables.residential.schedules]
    .filter((s) => s.from <= date)
    .sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!found) throw new DomainError('no-tariff', `no residential tariff in force on ${date}`);
  return found;
}

/** VAT in percent on a date: the reduced rate inside a reduction period, the standard rate outside. */
export function vatRateOn(tables: TariffTables, date: string): number {
  return tables.vat.reduced.find((p) => p.from <= date && date <= p.to)?.rate ?? tables.vat.standardRate;
}

/** Fills the tiers in order; `widths` already scaled (null = the open last tier). */
function tierLines(
  kwh: number,
  widths: Array<number | null>,
  schedule: ResidentialSchedule,
  suffix: string,
): BillLine[] {
  const lines: BillLine[] = [];
  let left = kwh;
  let start = 0;
  widths.forEach((width, tier) => {
    if (left <= 0) return;
    const used = width === null ? left : Math.min(left, width);
    const range = width === null ? `${start + 1}+` : `${start + 1}–${start + width}`;
    const price = schedule.prices[tier];
    lines.push({
      label: `Bậc ${tier + 1} (${range} kWh)${suffix}`,
      kwh: used,
      unitPrice: price,
      amount: used * price,
    });
    left -= used;
    start += width ?? 0;
  });
  return lines;
}

function segmentLines(
  tables: TariffTables,
  usage: ResidentialUsage,
  schedule: ResidentialSchedule,
  share: number,
  suffix: string,
): BillLine[] {
  if (usage.kwh === 0) return [];
  if (usage.landlordDeclaredOccupants === false) {
    const tier = tables.residential.landlordTier;
    const price = schedule.prices[tier - 1];
    return [
      {
        label: `Bậc ${tier} (không khai báo người ở)${suffix}`,
        kwh: usage.kwh,
        unitPrice: price,
        amount: usage.kwh * price,
      },
    ];
  }
  const households = usage.households ?? 1;
  const widths = tables.residential.tierWidths.map((w) =>
    w === null ? null : Math.round(w * households * share),
  );
  return tierLines(usage.kwh, widths, schedule, suffix);
}

/** Totals the lines and adds VAT at the rate in force on `vatDate` (rounded to whole dong). */
export function priceQuote(
  tables: TariffTables,
  kwh: number,
  lines: BillLine[],
  vatDate: string,
  tariffs: string[],
): Quote {
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const vatRate = vatRateOn(tables, vatDate);
  const vat = Math.round((subtotal * vatRate) / 100);
  return { kwh, lines, subtotal, vatRate, vat, total: subtotal + vat, tariffs };
}

/** A standard monthly bill ending on `date`: full tier widths, the prices and VAT in force that day. */
export function quoteMonth(tables: TariffTables, usage: ResidentialUsage & { date: string }): Quote {
  checkUsage(usage);
  const schedule = scheduleOn(tables, usage.date);
  return priceQuote(tables, usage.kwh, segmentLines(tables, usage, schedule, 1, ''), usage.date, [
    schedule.decision,
  ]);
}

/**
 * A reading period from one read date to the next, split where a price change falls inside it
 * (EVN's rule): with S kWh over T days and Nc days before the change, S × Nc / T kWh are billed at
 * the old prices and the rest at the new ones; tier widths are split in the same proportion.
 * Rounding: each segment's kWh and tier widths are rounded half up; the last segment takes the
 * remainder so the kWh add up to S. VAT is the rate in force on the closing read date.
 */
export function quotePeriod(
  tables: TariffTables,
  usage: ResidentialUsage & { from: string; to: string },
): Quote {
  checkUsage(usage);
  const segments = splitPeriod(
    usage.from,
    usage.to,
    tables.residential.schedules.map((s) => s.from),
  );
  const kwhBySegment = shareByDays(usage.kwh, segments);
  const lines: BillLine[] = [];
  const tariffs: string[] = [];
  segments.forEach((segment, i) => {
    const schedule = scheduleOn(tables, segment.from);
    tariffs.push(schedule.decision);
    lines.push(
      ...segmentLines(
        tables,
        { ...usage, kwh: kwhBySegment[i] },
        schedule,
        segment.days / segment.totalDays,
        segmentSuffix(segment, segments),
      ),
    );
  });
  return priceQuote(tables, usage.kwh, lines, usage.to, tariffs);
}
