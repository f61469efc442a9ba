import { DomainError } from '@gridpay/shared/ddd';

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving). */
const HO_CHI_MINH_OFFSET_MS = 7 * 3600 * 1000;
/** An instant must say its offset: a bare local time would be read in the host's zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The business day (YYYY-MM-DD in Asia/Ho_Chi_Minh) an ISO-8601 instant with an offset falls on. */
export function businessDay(isoInstant: string): string {
  const millis = ISO_INSTANT.test(isoInstant) ? Date.parse(isoInstant) : NaN;
  if (Number.isNaN(millis))
    throw new DomainError('invalid-instant', `${isoInstant} is not an ISO-8601 instant with an offset`);
  return new Date(millis + HO_CHI_MINH_OFFSET_MS).toISOString().slice(0, 10);
}
