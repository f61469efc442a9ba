import { randomBytes } from 'node:crypto';
import { signPartnerRequest } from '@gridpay/partner-api';
import type { ServiceProcess } from '@gridpay/shared/testing';

/** Agribank's sandbox credentials of the seed (README "Partner API"). */
export const AGRIBANK = {
  code: 'agribank',
  keyId: 'agribank-sbx-1',
  secret: 'sandbox-agribank-key1-not-a-real-secret-0000',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** An HTTP call to a service; the answer's body parsed when it is JSON, else its text. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/** A call with a JSON body. */
export const json = (base: string, method: string, path: string, body: unknown) =>
  call(base, method, path, JSON.stringify(body), { 'content-type': 'application/json' });

/** Agribank's call to the gateway, signed as the README's recipe says. */
export function signed(gateway: ServiceProcess, method: string, path: string, body?: unknown) {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const headers = signPartnerRequest({
    method,
    pathWithQuery: path,
    body: raw,
    partnerCode: AGRIBANK.code,
    keyId: AGRIBANK.keyId,
    secret: AGRIBANK.secret,
    timestamp: Math.floor(Date.now() / 1000),
    nonce: randomBytes(16).toString('hex'),
  });
  return call(gateway.url, method, path, raw || undefined, {
    ...headers,
    ...(raw ? { 'content-type': 'application/json' } : {}),
  });
}
