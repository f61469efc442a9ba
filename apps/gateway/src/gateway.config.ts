import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
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

  /** Larger daily reconciliation files get 413 (provider-integration reads up to 10 MiB). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  RECONCILIATION_FILE_LIMIT_BYTES = 8 * 1024 * 1024;

  // Wallet checkout: the merchant's accounts at VNPay and MoMo. The defaults are the local sandbox's
  // (apps/partner-sandbox plays both wallets on port 3090); production values come from secrets.
  @IsString()
  @MinLength(1)
  VNPAY_TMN_CODE = 'GRIDPAY1';

  @IsString()
  @MinLength(16)
  VNPAY_HASH_SECRET = 'SANDBOXVNPAYHASHSECRETNOTREAL000';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  VNPAY_PAY_URL = 'http://127.0.0.1:3090/sandbox/vnpay/paymentv2/vpcpay.html';

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  VNPAY_RETURN_URL = 'http://127.0.0.1:3090/sandbox/wallets/return';

  @IsString()
  @MinLength(1)
  MOMO_PARTNER_CODE = 'GRIDPAYSBX';

  @IsString()
  @MinLength(1)
  MOMO_ACCESS_KEY = 'sandbox-momo-access-key';

  @IsString()
  @MinLength(16)
  MOMO_SECRET_KEY = 'sandbox-momo-secret-key-not-a-real-secret-0000';

  /** MoMo's API host (the create call goes to <endpoint>/v2/gateway/api/create). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  MOMO_ENDPOINT = 'http://127.0.0.1:3090/sandbox/momo';

  /** Where MoMo POSTs its IPN: this gateway's /v1/ipn/momo as MoMo reaches it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  MOMO_IPN_URL = 'http://127.0.0.1:3000/v1/ipn/momo';

  /** Where MoMo sends the customer's browser back. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  MOMO_REDIRECT_URL = 'http://127.0.0.1:3090/sandbox/wallets/return';
}
