import { IsString, Matches } from 'class-validator';
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
}
