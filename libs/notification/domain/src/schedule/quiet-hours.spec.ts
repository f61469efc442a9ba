import { nextSendTime, VIETNAM_QUIET_HOURS } from './quiet-hours';

// Local Vietnam time 'YYYY-MM-DDTHH:mm' (UTC+7) as a Date.
const vn = (local: string) => new Date(`${local}:00+07:00`);

describe('nextSendTime (no SMS 21:00–07:00 Asia/Ho_Chi_Minh)', () => {
  it('sends at once during the day', () => {
    const now = vn('2026-11-05T10:15');
    expect(nextSendTime(now)).toBe(now);
    expect(nextSendTime(vn('2026-11-05T20:59'))).toEqual(vn('2026-11-05T20:59'));
  });
  it('defers an evening message to 07:00 the next morning', () => {
    expect(nextSendTime(vn('2026-11-05T21:00'))).toEqual(vn('2026-11-06T07:00'));
    expect(nextSendTime(vn('2026-11-05T23:59'))).toEqual(vn('2026-11-06T07:00'));
  });
  it('defers a message after midnight to 07:00 the same morning', () => {
    expect(nextSendTime(vn('2026-11-06T00:00'))).toEqual(vn('2026-11-06T07:00'));
    expect(nextSendTime(vn('2026-11-06T06:59'))).toEqual(vn('2026-11-06T07:00'));
  });
  it('07:00 itself is allowed', () => {
    expect(nextSendTime(vn('2026-11-06T07:00'))).toEqual(vn('2026-11-06T07:00'));
  });
  it('works on the local date, not the UTC date (22:30 local is still 15:30 UTC the same day)', () => {
    expect(nextSendTime(new Date('2026-12-31T15:30:00Z'))).toEqual(new Date('2027-01-01T00:00:00Z'));
  });
  it('takes another window, including one that does not wrap midnight', () => {
    const lunch = { from: '12:00', to: '13:30', utcOffsetMinutes: 420 };
    expect(nextSendTime(vn('2026-11-05T12:10'), lunch)).toEqual(vn('2026-11-05T13:30'));
    expect(nextSendTime(vn('2026-11-05T13:30'), lunch)).toEqual(vn('2026-11-05T13:30'));
  });
  it('refuses a malformed window', () => {
    expect(() => nextSendTime(new Date(), { ...VIETNAM_QUIET_HOURS, from: '9pm' })).toThrow(/HH:mm/);
  });
});
