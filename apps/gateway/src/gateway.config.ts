import { Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { PlatformConfig } from '@gridpay/shared/config';

/** The gateway's own variables, on top of the platform's. */
export class GatewayConfig extends PlatformConfig {
  /** provider-integration's internal API (never exposed to partners). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PROVIDER_INTEGRATION_URL = 'http://127.0.0.1:3002';

  /** Requests per second each partner may sustain (token bucket refill). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_SECOND = 300;

  /** Requests a partner may send at once above the sustained rate. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_BURST = 600;

  /** Larger bodies get 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 64 * 1024;
}
