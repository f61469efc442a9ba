/** A daily window with no SMS, in local wall-clock time ('HH:mm'); `from` inclusive, `to` exclusive. */
export interface QuietHours {
  from: string;
  to: string;
  /** Local time = UTC + this. Asia/Ho_Chi_Minh is UTC+7 all year (no DST), so a fixed offset is exact. */
  utcOffsetMinutes: number;
}

export const VIETNAM_QUIET_HOURS: QuietHours = { from: '21:00', to: '07:00', utcOffsetMinutes: 7 * 60 };

const DAY = 24 * 60;
const MINUTE_MS = 60_000;

function minutesOf(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`quiet hours need HH:mm, got "${hhmm}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * When a message may go out: `now` itself outside the quiet window, otherwise the window's end
 * (the next 07:00 local for the default window). Windows may wrap midnight (21:00–07:00) or not.
 */
export function nextSendTime(now: Date, quiet: QuietHours = VIETNAM_QUIET_HOURS): Date {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return now;
  const localMs = now.getTime() + quiet.utcOffsetMinutes * MINUTE_MS;
  const dayStartMs = Math.floor(localMs / (DAY * MINUTE_MS)) * DAY * MINUTE_MS;
  const minuteOfDay = (localMs - dayStartMs) / MINUTE_MS;
  const wraps = from > to;
  const quietNow = wraps ? minuteOfDay >= from || minuteOfDay < to : minuteOfDay >= from && minuteOfDay < to;
  if (!quietNow) return now;
  // The window ends today at `to`, or tomorrow when we are in its evening half.
  const endsTomorrow = wraps && minuteOfDay >= from;
  const endLocalMs = dayStartMs + (to + (endsTomorrow ? DAY : 0)) * MINUTE_MS;
  return new Date(endLocalMs - quiet.utcOffsetMinutes * MINUTE_MS);
}
