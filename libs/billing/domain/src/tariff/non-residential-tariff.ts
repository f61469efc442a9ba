import type { Purpose } from '@gridpay/contracts';
import { DomainError } from '@gridpay/shared/ddd';
import { dayNumber, segmentSuffix, shareByDays, splitPeriod, type PeriodSegment } from './period-split';
import { priceQuote, type BillLine, type Quote, type TariffTables } from './tariff-engine';

export const VOLTAGE_BANDS = ['<6kV', '6-22kV', '22-110kV', '>=110kV'] as const;
export type VoltageBand = (typeof VOLTAGE_BANDS)[number];

export const NON_RESIDENTIAL_PURPOSES = ['business', 'production', 'administrative'] as const;
export type NonResidentialPurpose = Exclude<Purpose, 'residential'>;

/** kWh read per time-of-use band on a 3-price meter. */
export interface TimeOfUseKwh {
  peak: number;
  normal: number;
  offPeak: number;
}

export interface NonResidentialUsage {
  purpose: NonResidentialPurpose;
  voltageBand: string;
  kwh: number;
  /** 3-price meters: must add up to kwh. Without it every kWh is billed at the band's normal price. */
  byTime?: TimeOfUseKwh;
}

const BAND_LABELS: Array<[keyof TimeOfUseKwh, string]> = [
  ['peak', 'Giờ cao điểm'],
  ['normal', 'Giờ bình thường'],
  ['offPeak', 'Giờ thấp điểm'],
];

function isWhole(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function checkUsage(usage: NonResidentialUsage): void {
  if (!(NON_RESIDENTIAL_PURPOSES as readonly string[]).includes(usage.purpose))
    throw new DomainError(
      'unknown-purpose',
      `purpose must be one of ${NON_RESIDENTIAL_PURPOSES.join(', ')}, not "${usage.purpose}"`,
    );
  if (!(VOLTAGE_BANDS as readonly string[]).includes(usage.voltageBand))
    throw new DomainError(
      'unknown-voltage-band',
      `voltage band must be one of ${VOLTAGE_BANDS.join(', ')}, not "${usage.voltageBand}"`,
    );
  if (!isWhole(usage.kwh)) throw new DomainError('invalid-kwh', 'kwh must be a whole number >= 0');
  const byTime = usage.byTime;
  if (!byTime) return;
  if (![byTime.peak, byTime.normal, byTime.offPeak].every(isWhole))
    throw new DomainError('invalid-kwh', 'peak, normal and off-peak kWh must be whole numbers >= 0');
  const sum = byTime.peak + byTime.normal + byTime.offPeak;
  if (sum !== usage.kwh)
    throw new DomainError(
      'band-kwh-mismatch',
      `peak ${byTime.peak} + normal ${byTime.normal} + off-peak ${byTime.offPeak} = ${sum} kWh, not the ${usage.kwh} kWh read`,
    );
}

interface Rate {
  from: string;
  decision: string;
  purpose: string;
  voltageBand: string;
}

function ratesFor<R extends Rate>(rates: R[], usage: NonResidentialUsage): R[] {
  return rates.filter((r) => r.purpose === usage.purpose && r.voltageBand === usage.voltageBand);
}

/** The dates the customer's prices change. */
function changeDates(tables: TariffTables, usage: NonResidentialUsage): string[] {
  const rates = usage.purpose === 'administrative' ? tables.flat : tables.timeOfUse;
  return ratesFor<Rate>(rates, usage).map((r) => r.from);
}

function rateOn<R extends Rate>(rates: R[], usage: NonResidentialUsage, date: string): R {
  dayNumber(date, 'date');
  const found = rates.filter((r) => r.from <= date).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!found)
    throw new DomainError(
      'no-tariff',
      `no ${usage.purpose} tariff for ${usage.voltageBand} in force on ${date}`,
    );
  return found;
}

function line(label: string, kwh: number, unitPrice: number): BillLine {
  return { label, kwh, unitPrice, amount: kwh * unitPrice };
}

/** Lines with 0 kWh are left out, as in the residential tiers. */
function quoteSegments(
  tables: TariffTables,
  usage: NonResidentialUsage,
  segments: PeriodSegment[],
  vatDate: string,
): Quote {
  const flat = ratesFor(tables.flat, usage);
  const timeOfUse = ratesFor(tables.timeOfUse, usage);
  const lines: BillLine[] = [];
  const tariffs: string[] = [];
  const share = (kwh: number) => shareByDays(kwh, segments);
  const total = share(usage.kwh);
  const byBand = usage.byTime && {
    peak: share(usage.byTime.peak),
    normal: share(usage.byTime.normal),
    offPeak: share(usage.byTime.offPeak),
  };
  segments.forEach((segment, i) => {
    const suffix = segmentSuffix(segment, segments);
    if (usage.purpose === 'administrative') {
      const rate = rateOn(flat, usage, segment.from);
      tariffs.push(rate.decision);
      lines.push(line(`Hành chính sự nghiệp (${usage.voltageBand})${suffix}`, total[i], rate.price));
      return;
    }
    const rate = rateOn(timeOfUse, usage, segment.from);
    tariffs.push(rate.decision);
    if (byBand) {
      for (const [band, label] of BAND_LABELS)
        lines.push(line(`${label}${suffix}`, byBand[band][i], rate[band]));
    } else {
      lines.push(line(`Giờ bình thường (công tơ 1 giá)${suffix}`, total[i], rate.normal));
    }
  });
  return priceQuote(
    tables,
    usage.kwh,
    lines.filter((l) => l.kwh > 0),
    vatDate,
    tariffs,
  );
}

/**
 * A business, production or administrative bill at the prices in force on `date` (no split).
 * Business and production: by time of use when the 3-price meter's kWh are given, otherwise every
 * kWh at the normal price of the voltage band. Administrative: one flat price per voltage band.
 */
export function quoteNonResidentialMonth(
  tables: TariffTables,
  usage: NonResidentialUsage & { date: string },
): Quote {
  checkUsage(usage);
  const day: PeriodSegment = { from: usage.date, to: usage.date, days: 1, totalDays: 1 };
  return quoteSegments(tables, usage, [day], usage.date);
}

/**
 * A non-residential reading period, split where a price change of the customer's purpose and
 * voltage band falls inside it, by the same rule as the residential one (see splitPeriod and
 * shareByDays): each time-of-use band's kWh are shared by days on its own. VAT is the rate in
 * force on the closing read date.
 */
export function quoteNonResidentialPeriod(
  tables: TariffTables,
  usage: NonResidentialUsage & { from: string; to: string },
): Quote {
  checkUsage(usage);
  const segments = splitPeriod(usage.from, usage.to, changeDates(tables, usage));
  return quoteSegments(tables, usage, segments, usage.to);
}
