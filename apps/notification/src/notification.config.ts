import { Transform, Type } from 'class-transformer';
import { IsInt, IsNumber, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { PlatformConfig } from '@gridpay/shared/config';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** The notification service's own variables, on top of the platform's. */
export class NotificationConfig extends PlatformConfig {
  /** The brandname SMS API (the partner sandbox's stand-in by default). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SMS_GATEWAY_URL = 'http://127.0.0.1:3090/sms';

  @IsString()
  SMS_GATEWAY_API_KEY = 'sandbox-sms-key';

  /** The registered sender name shown on the phone. */
  @Matches(/^[A-Za-z0-9 .-]{1,11}$/, { message: 'SMS_BRANDNAME must be 1-11 letters or digits' })
  SMS_BRANDNAME = 'EVNCPC';

  /** SMS handed to the gateway per second at most (a bill run of 30,000 at 50/s takes 10 minutes). */
  @Type(() => Number)
  @IsNumber()
  @Min(0.1)
  @Max(10_000)
  SMS_RATE_PER_SECOND = 50;

  /** smtp://[user:pass@]host:port, or smtps:// for TLS. */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be smtp://host:port or smtps://host:port' })
  SMTP_URL = 'smtp://127.0.0.1:2525';

  @IsString()
  EMAIL_FROM = 'Điện lực Quế Sơn <no-reply@gridpay.local>';

  /** Emails in flight at once (SMTP pool connections). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  EMAIL_CONCURRENCY = 5;

  /** Timeout of one SMS request or SMTP step; past it the attempt is a transient failure. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  NOTIFY_SEND_TIMEOUT_MS = 10_000;

  @IsString()
  NOTIFY_BRANCH_NAME = 'Điện lực Quế Sơn';

  @IsString()
  NOTIFY_BRANCH_HOTLINE = '19001909';

  /** Ways to pay named in messages (partner codes, most used first). */
  @Transform(list)
  @IsString({ each: true })
  NOTIFY_PAY_CHANNELS: string[] = ['momo', 'vnpay', 'viettelpay', 'bank'];

  /** Attempts in all for one message (the first included). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  NOTIFY_MAX_ATTEMPTS = 5;

  /** Waits after failed attempts 1, 2, ... in ms; the last repeats. */
  @Transform(({ value }) =>
    typeof value === 'string' ? value.split(',').map((s) => Number(s.trim())) : value,
  )
  @IsInt({ each: true })
  @Min(0, { each: true })
  NOTIFY_RETRY_BACKOFF_MS: number[] = [60_000, 300_000, 1_800_000, 7_200_000];

  /** No SMS in this window, local time (Asia/Ho_Chi_Minh, UTC+7): HH:mm-HH:mm. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'NOTIFY_QUIET_HOURS must be HH:mm-HH:mm, e.g. 21:00-07:00',
  })
  NOTIFY_QUIET_HOURS = '21:00-07:00';

  /** How often the dispatcher looks for due messages while idle. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  NOTIFY_POLL_MS = 500;
}
