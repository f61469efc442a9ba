/**
 * Month arithmetic on billing periods ('YYYY-MM', see PERIOD). A 'YYYY-MM-DD' date is read as its
 * month. Pure string and integer work: no Date, so no time zone can move a month.
 */

/** Months since January of year 0: consecutive periods have consecutive indexes. */
export function periodIndex(period: string): number {
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}

/** The period of a periodIndex. */
export function periodAt(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period `months` after `period` (before it when negative). */
export function shiftPeriod(period: string, months: number): string {
  return periodAt(periodIndex(period) + months);
}

export const nextPeriod = (period: string): string => shiftPeriod(period, 1);

export const previousPeriod = (period: string): string => shiftPeriod(period, -1);

/** Every period from `first` to `last`, both included, oldest first; none when `last` is earlier. */
export function periodsBetween(first: string, last: string): string[] {
  const start = periodIndex(first);
  return Array.from({ length: Math.max(0, periodIndex(last) - start + 1) }, (_, i) => periodAt(start + i));
}
