import type { NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { apiError } from '@gridpay/partner-api';

/** The body a JSON request carried when it was not JSON: the body pipe answers 400 for it. */
export const MALFORMED_JSON = Symbol('MALFORMED_JSON');

export interface RawBodyRequest extends Request {
  /** The exact bytes received: what the partner's signature covers. */
  rawBody: Buffer;
}

function tooLarge(response: Response, limit: number): void {
  response
    .status(413)
    .set('Connection', 'close')
    .json(apiError('PAYLOAD_TOO_LARGE', `the body is over ${limit} bytes`, 'body'));
}

/**
 * Reads the request body as raw bytes (the signature is over them), refusing more than the request's
 * limit with 413 (before reading them when Content-Length says so). JSON bodies are parsed here too;
 * a body that is not JSON is left for the body pipe to refuse with 400 (after authentication).
 */
export function rawBodyMiddleware(limitOf: (request: Request) => number): NestMiddleware['use'] {
  return (request: Request, response: Response, next: NextFunction) => {
    const limit = limitOf(request);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      request.resume();
      tooLarge(response, limit);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        tooLarge(response, limit);
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', (error) => {
      if (!refused) next(error);
    });
    request.on('end', () => {
      if (refused) return;
      const raw = Buffer.concat(chunks);
      (request as RawBodyRequest).rawBody = raw;
      const type = String(request.headers['content-type'] ?? '').toLowerCase();
      if (raw.length === 0) request.body = undefined;
      else if (type === '' || type.includes('json')) {
        try {
          request.body = JSON.parse(raw.toString('utf8'));
        } catch {
          request.body = MALFORMED_JSON;
        }
      } else request.body = raw.toString('utf8');
      next();
    });
  };
}
