import { PlatformConfig } from '@gridpay/shared/config';
import type { ServiceDefinition } from '@gridpay/shared/service';

export class GatewayConfig extends PlatformConfig {
  override PORT = 3000;
  override MONGODB_DB = 'gridpay-gateway';
}

/** The only door for partners: signed, idempotent HTTP API. */
export const gatewayDefinition: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  title: 'Partner Gateway',
  config: GatewayConfig,
  modules: () => [],
};
