import type { MomoConfig, VnpayConfig } from '@gridpay/partner-api';

/** The merchant's accounts at the two wallets that publish a protocol (values from config). */
export interface CheckoutOptions {
  vnpay: VnpayConfig;
  momo: MomoConfig;
  /** Minutes a VNPay payment URL stays valid (vnp_ExpireDate). */
  vnpayExpiresInMinutes?: number;
  /** Calls to the wallet (MoMo's create API) taking longer fail with 503. */
  walletTimeoutMs?: number;
}

export const CHECKOUT_OPTIONS = Symbol('CHECKOUT_OPTIONS');

/** The registry codes the wallets' payments are recorded under (seeded partners). */
export const WALLET_PARTNERS = { vnpay: 'vnpay', momo: 'momo' } as const;
export type Wallet = keyof typeof WALLET_PARTNERS;
