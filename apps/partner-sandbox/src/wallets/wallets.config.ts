/**
 * The merchant accounts the sandbox wallets know. Defaults are the gateway's sandbox defaults (README
 * "Wallet checkout"); set the same variables on both when changing them.
 */
export interface WalletsConfig {
  gatewayUrl: string;
  vnpay: { tmnCode: string; hashSecret: string; ipnUrl: string };
  momo: { partnerCode: string; accessKey: string; secretKey: string };
}

export const WALLETS_CONFIG = Symbol('WALLETS_CONFIG');

export function walletsConfig(env: NodeJS.ProcessEnv = process.env): WalletsConfig {
  const gatewayUrl = (env.SANDBOX_GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  return {
    gatewayUrl,
    vnpay: {
      tmnCode: env.VNPAY_TMN_CODE ?? 'GRIDPAY1',
      hashSecret: env.VNPAY_HASH_SECRET ?? 'SANDBOXVNPAYHASHSECRETNOTREAL000',
      // VNPay takes the IPN URL from the merchant's portal settings, not from the payment URL.
      ipnUrl: env.SANDBOX_VNPAY_IPN_URL ?? `${gatewayUrl}/v1/ipn/vnpay`,
    },
    momo: {
      partnerCode: env.MOMO_PARTNER_CODE ?? 'GRIDPAYSBX',
      accessKey: env.MOMO_ACCESS_KEY ?? 'sandbox-momo-access-key',
      secretKey: env.MOMO_SECRET_KEY ?? 'sandbox-momo-secret-key-not-a-real-secret-0000',
    },
  };
}
