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
      fileBodyLimitBytes: config.RECONCILIATION_FILE_LIMIT_BYTES,
      rateLimit: { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST },
      checkout: {
        vnpay: {
          tmnCode: config.VNPAY_TMN_CODE,
          hashSecret: config.VNPAY_HASH_SECRET,
          payUrl: config.VNPAY_PAY_URL,
          returnUrl: config.VNPAY_RETURN_URL,
        },
        momo: {
          partnerCode: config.MOMO_PARTNER_CODE,
          accessKey: config.MOMO_ACCESS_KEY,
          secretKey: config.MOMO_SECRET_KEY,
          endpoint: config.MOMO_ENDPOINT,
          ipnUrl: config.MOMO_IPN_URL,
          redirectUrl: config.MOMO_REDIRECT_URL,
        },
      },
    }),
  ],
});
