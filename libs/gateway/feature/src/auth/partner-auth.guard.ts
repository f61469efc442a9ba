import { HttpException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { apiError, PARTNER_HEADERS, verifyPartnerRequest } from '@gridpay/partner-api';
import { ProviderIntegrationClient, type PartnerKeyLookup } from '../http/provider-integration.client';
import type { RawBodyRequest } from '../http/raw-body.middleware';
import { NonceStore } from './nonce-store';
import { RateLimiter } from './rate-limiter';

/** Who signed the request, once the guard let it through. */
export interface AuthenticatedPartner {
  code: string;
  keyId: string;
  channels: string[];
}

export type PartnerRequest = RawBodyRequest & { partner: AuthenticatedPartner };

/**
 * The partner API's door: a valid signature over the exact bytes received with an active key, a
 * timestamp within 300 s and a fresh nonce (401 otherwise, the code naming the cause), an enabled
 * partner (403), then the partner's rate limit (429 with Retry-After).
 */
@Injectable()
export class PartnerAuthGuard implements CanActivate {
  constructor(
    @Inject(ProviderIntegrationClient) private readonly upstream: ProviderIntegrationClient,
    @Inject(NonceStore) private readonly nonces: NonceStore,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>() as PartnerRequest;
    const response = context.switchToHttp().getResponse<Response>();
    let found: PartnerKeyLookup | undefined;
    const result = await verifyPartnerRequest(
      request.headers,
      request.method,
      request.originalUrl,
      request.rawBody,
      {
        now: new Date(),
        lookupKey: async (partnerCode, keyId) => {
          found = await this.upstream.partnerKey(partnerCode, keyId);
          return found?.key;
        },
        seenNonce: (partnerCode, nonce) =>
          this.nonces.seen(
            partnerCode,
            nonce,
            Number(request.headers[PARTNER_HEADERS.timestamp.toLowerCase()]),
          ),
      },
    );
    if (!result.ok) throw new HttpException(apiError(result.reason, result.message, result.field), 401);
    if (!found || found.status !== 'active')
      throw new HttpException(apiError('PARTNER_DISABLED', `partner ${result.partnerCode} is disabled`), 403);
    const wait = this.limiter.take(result.partnerCode);
    if (wait !== undefined) {
      response.setHeader('Retry-After', String(wait));
      throw new HttpException(apiError('RATE_LIMITED', `too many requests; retry after ${wait} s`), 429);
    }
    request.partner = { code: result.partnerCode, keyId: result.keyId, channels: found.channels };
    return true;
  }
}
