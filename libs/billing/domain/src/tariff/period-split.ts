import { DomainError } from '@gridpay/shared/ddd';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since the epoch; refuses anything that is not a real calendar date like 2024-10-19. */
export function dayNumber(date: string, field: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!DATE.test(date) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new DomainError('invalid-date', `${field} must be a date like 2024-10-19`);
  return ms / DAY_MS;
}

/** Part of a reading period billed at one set of prices. */
export interface PeriodSegment {
  from: string;
  to: string;
  days: number;
  /** Days in the whole reading period. */
  totalDays: number;
}

/**
 * Cuts the reading period [from, to] at every price change strictly inside it (a change on the
 * opening read date is not a cut: the whole period is at the new prices; a change on the closing
 * read date is billed from the next period on).
 */
export function splitPeriod(from: string, to: string, changeDates: string[]): PeriodSegment[] {
  const start = dayNumber(from, 'from');
  const end = dayNumber(to, 'to');
  if (end <= start) throw new DomainError('invalid-period', 'to must be after from');
  const cuts = [...new Set(changeDates.filter((d) => d > from && d < to))].sort();
  const bounds = [from, ...cuts, to];
  return bounds.slice(0, -1).map((segmentFrom, i) => ({
    from: segmentFrom,
    to: bounds[i + 1],
    days: dayNumber(bounds[i + 1], 'to') - dayNumber(segmentFrom, 'from'),
    totalDays: end - start,
  }));
}

/**
 * EVN's rule for a price change inside a reading period: with S kWh over T days, a segment of Nc
 * days takes S × Nc / T kWh. Every segment but the last is rounded half up; the last takes the
 * remainder so the parts add up to S exactly.
 */
export function shareByDays(kwh: number, segments: PeriodSegment[]): number[] {
  let shared = 0;
  return segments.map((segment, i) => {
    const part =
      i === segments.length - 1 ? kwh - shared : Math.round((kwh * segment.days) / segment.totalDays);
    shared += part;
    return part;
  });
}

/** The line-label suffix naming the segment, only when the period is split. */
export function segmentSuffix(segment: PeriodSegment, segments: PeriodSegment[]): string {
  return segments.length > 1
    ? ` [${segment.from}…${segment.to}, ${segment.days}/${segment.totalDays} ngày]`
    : '';
}
