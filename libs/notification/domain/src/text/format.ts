/** How amounts and dates read in each channel: SMS is short and unaccented, email spelled out. */
export type Channel = 'sms' | 'email';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 1234567 → '1.234.567' (Vietnamese grouping). */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number: ${n}`);
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** SMS '1.234.567d', email '1.234.567 đ'. */
export const formatDong = (amount: number, channel: Channel): string =>
  channel === 'sms' ? `${groupDigits(amount)}d` : `${groupDigits(amount)} đ`;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  time?: string;
}

/** A date-only value as written; a timestamp in Vietnam local time (UTC+7, no DST). */
function localParts(value: string): LocalParts {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) return { year: +dateOnly[1], month: +dateOnly[2], day: +dateOnly[3] };
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: "${value}"`);
  const local = new Date(ms + VIETNAM_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
  };
}

/** SMS '15/11', email '15/11/2026'. */
export function formatDate(value: string, channel: Channel): string {
  const { year, month, day } = localParts(value);
  return channel === 'sms' ? `${pad(day)}/${pad(month)}` : `${pad(day)}/${pad(month)}/${year}`;
}

/** SMS '08:15 05/11', email '08:15 ngày 05/11/2026'. */
export function formatDateTime(value: string, channel: Channel): string {
  const parts = localParts(value);
  const date = formatDate(value, channel);
  return channel === 'sms' ? `${parts.time ?? '00:00'} ${date}` : `${parts.time ?? '00:00'} ngày ${date}`;
}

/** '2026-10' → '10/2026'. */
export function formatPeriod(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) throw new RangeError(`period must be YYYY-MM, got "${period}"`);
  return `${match[2]}/${match[1]}`;
}
