import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { PlatformConfig } from '@gridpay/shared/config';

/** reporting's own variables, on top of the platform's. */
export class ReportingConfig extends PlatformConfig {
  /**
   * Put before every topic the projections read (empty in production). Tests and side-by-side
   * environments give their own, e.g. "e2e-42." reads e2e-42.gridpay.payments.v1.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{0,100}$/)
  REPORTING_TOPIC_PREFIX = '';

  /** Consumer groups <prefix>.ledger and <prefix>.reconciliation; a new name re-reads the topics. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  REPORTING_GROUP = 'reporting';

  /** How long one read of the projections serves the report requests that follow. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  REPORTING_CACHE_MS = 2000;

  /**
   * After REPORTING_CACHE_MS, a read of the projections up to this old is still served while the
   * next one runs in the background (0: wait for the new read). A full read of 32,000 customers
   * takes FerretDB on SQLite about 10 s.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  REPORTING_STALE_MS = 60_000;
}
