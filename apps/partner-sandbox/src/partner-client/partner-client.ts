import { randomBytes } from 'node:crypto';
import { signPartnerRequest } from '@gridpay/partner-api';
import type { SandboxPartner } from './sandbox-partners';

export interface GatewayAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface SendOptions {
  /** Alter the request after signing: the gateway must answer 401. */
  tamper?: 'amount' | 'signature';
  /** Hold the signed request this long before sending it (older than 300 s → 401 STALE_TIMESTAMP). */
  delayMs?: number;
}

/** A partner's system calling the gateway: every request signed as the public recipe says. */
export class PartnerClient {
  constructor(private readonly gatewayUrl: string) {}

  async send(
    partner: SandboxPartner,
    method: 'GET' | 'POST',
    pathWithQuery: string,
    json?: unknown,
    options: SendOptions = {},
  ): Promise<GatewayAnswer> {
    return this.sendRaw(
      partner,
      method,
      pathWithQuery,
      json === undefined ? '' : JSON.stringify(json),
      'application/json',
      options,
      json,
    );
  }

  /** A file (e.g. the day's reconciliation CSV) as the body, signed like any other call. */
  sendText(partner: SandboxPartner, pathWithQuery: string, text: string, contentType: string) {
    return this.sendRaw(partner, 'POST', pathWithQuery, text, contentType, {});
  }

  private async sendRaw(
    partner: SandboxPartner,
    method: 'GET' | 'POST',
    pathWithQuery: string,
    raw: string,
    contentType: string,
    options: SendOptions,
    json?: unknown,
  ): Promise<GatewayAnswer> {
    let body = raw;
    const headers: Record<string, string> = signPartnerRequest({
      method,
      pathWithQuery,
      body,
      partnerCode: partner.code,
      keyId: partner.keyId,
      secret: partner.secret,
      timestamp: Math.floor(Date.now() / 1000),
      nonce: randomBytes(16).toString('hex'),
    });
    if (body !== '') headers['content-type'] = contentType;
    if (options.tamper === 'signature') {
      const signature = headers['X-Signature'];
      headers['X-Signature'] = (signature.startsWith('0') ? '1' : '0') + signature.slice(1);
    }
    if (options.tamper === 'amount' && json && typeof json === 'object' && 'amount' in json)
      body = JSON.stringify({ ...json, amount: Number((json as { amount: number }).amount) + 1 });
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    let response: Response;
    try {
      response = await fetch(this.gatewayUrl + pathWithQuery, {
        method,
        headers,
        body: body === '' ? undefined : body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return { status: 0, body: `gateway ${this.gatewayUrl} unreachable: ${String(error)}` };
    }
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: text };
    }
  }
}
