import { HttpException } from '@nestjs/common';
import { apiError } from '@gridpay/partner-api';

export interface UpstreamAnswer<T> {
  status: number;
  body: T;
}

export interface PartnerKeyLookup {
  partner: string;
  status: 'active' | 'disabled';
  channels: string[];
  key: { keyId: string; secret: string; active: boolean };
}

/**
 * provider-integration's internal API over HTTP. Its 4xx answers are already in the partner API's
 * error shape and are passed on as they are; when it cannot be reached the partner gets 503.
 */
export class ProviderIntegrationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: { json: unknown } | { text: string },
  ): Promise<UpstreamAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl.replace(/\/$/, '') + path, {
        method,
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'json' in body ? 'application/json' : 'text/csv; charset=utf-8' },
        body: body === undefined ? undefined : 'json' in body ? JSON.stringify(body.json) : body.text,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new HttpException(
        apiError(
          'UPSTREAM_UNAVAILABLE',
          'the payment service is unavailable; retry with the same partnerTxnId',
        ),
        503,
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed as T };
  }

  /** Throws the upstream error for the partner unless the answer is a success. */
  async expect<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: { json: unknown } | { text: string },
  ): Promise<UpstreamAnswer<T>> {
    const answer = await this.call<T>(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (answer.status < 500) throw new HttpException(answer.body as object, answer.status);
    throw new HttpException(
      apiError('UPSTREAM_ERROR', 'the payment service failed; retry with the same partnerTxnId'),
      502,
    );
  }

  /** The key and its partner's status, or undefined when either is unknown. */
  async partnerKey(partner: string, keyId: string): Promise<PartnerKeyLookup | undefined> {
    const answer = await this.call<PartnerKeyLookup>(
      'GET',
      `/internal/partners/${encodeURIComponent(partner)}/keys/${encodeURIComponent(keyId)}`,
    );
    if (answer.status === 404) return undefined;
    if (answer.status !== 200)
      throw new HttpException(apiError('UPSTREAM_ERROR', 'partner lookup failed; retry later'), 502);
    return answer.body;
  }
}
