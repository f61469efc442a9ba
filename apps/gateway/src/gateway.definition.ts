import { GatewayModule, SIGNING_RECIPE } from '@gridpay/gateway/feature';
import { defineService } from '@gridpay/shared/service';
import { GatewayConfig } from './gateway.config';

/** The only door for partners: signed, idempotent HTTP API. */
export const gatewayDefinition = defineService({
  name: 'gateway',
  title: 'Partner Gateway',
  port: 3000,
  config: GatewayConfig,
  description: SIGNING_RECIPE,
  // The signature covers the raw body bytes: the gateway reads them itself.
  bodyParser: false,
  modules: (config) => [
    GatewayModule.forRoot({
      providerIntegrationUrl: config.PROVIDER_INTEGRATION_URL,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      rateLimit: { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST },
    }),
  ],
});
