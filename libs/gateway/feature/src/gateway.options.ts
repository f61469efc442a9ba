import type { CheckoutOptions } from './checkout/checkout.options';

export interface GatewayOptions {
  /** Base URL of provider-integration's internal API. */
  providerIntegrationUrl: string;
  /** Larger request bodies get 413 PAYLOAD_TOO_LARGE. */
  bodyLimitBytes: number;
  /** The limit for a partner's daily reconciliation file (a district's day runs to thousands of lines). */
  fileBodyLimitBytes: number;
  /** Token bucket per partner: sustained requests per second and the burst above it. */
  rateLimit: { perSecond: number; burst: number };
  /** Upstream calls taking longer fail with 503. */
  upstreamTimeoutMs?: number;
  /** Wallet checkout (VNPay, MoMo) for the company's web/app; off when absent. */
  checkout?: CheckoutOptions;
}

export const GATEWAY_OPTIONS = Symbol('GATEWAY_OPTIONS');
