import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { PlatformConfig } from '@gridpay/shared/config';

/** provider-integration's own variables, on top of the platform's. */
export class ProviderIntegrationConfig extends PlatformConfig {
  /**
   * Consumer group of the open-bills projection. A new name rebuilds the projection from the start of
   * the bills topic (a fresh database needs it; tests run isolated instances with their own).
   */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  OPEN_BILLS_GROUP = 'provider-integration.open-bills';

  /** The banks' auto-debit interface (default: the partner sandbox's bank). */
  @Matches(/^https?:\/\/\S+$/)
  BANK_ADAPTER_URL = 'http://127.0.0.1:3090/bank';

  /** A bank call taking longer is PENDING (outcome unknown) and checked later, never re-sent blindly. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  BANK_TIMEOUT_MS = 10_000;

  /** How long after an unknown outcome the sweeper asks the bank for the debit's status. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  AUTO_DEBIT_CHECK_AFTER_MS = 30_000;

  /** Consumer group that turns BillIssued into debits (a new name reads the bills topic from the start). */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  AUTO_DEBIT_GROUP = 'provider-integration.auto-debit';

  /** Lease of the debit scheduler: how soon another instance takes over after this one died. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  AUTO_DEBIT_LEASE_MS = 15_000;

  /**
   * Divides the waits of the auto-debit retry policy (insufficient funds: again after 72 h). Only the
   * demo platform of `./gridpay up` sets it (3600: 72 h → 72 s); keep 1 anywhere money is real.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTO_DEBIT_RETRY_SPEEDUP = 1;

  /** Bills debited at once. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(512)
  AUTO_DEBIT_CONCURRENCY = 32;
}
