import { PlatformConfig } from '@gridpay/shared/config';
import type { ServiceDefinition } from '@gridpay/shared/service';

export class ProviderIntegrationConfig extends PlatformConfig {
  override PORT = 3002;
  override MONGODB_DB = 'gridpay-provider-integration';
}

/** The 11 partners and their channels, payments, auto-debit and reconciliation. */
export const providerIntegrationDefinition: ServiceDefinition<ProviderIntegrationConfig> = {
  name: 'provider-integration',
  title: 'Provider Integration',
  config: ProviderIntegrationConfig,
  modules: () => [],
};
