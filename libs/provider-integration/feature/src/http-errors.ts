import { HttpException } from '@nestjs/common';
import { apiError } from '@gridpay/partner-api';
import { DomainError } from '@gridpay/shared/ddd';

/** An error in the partner API's shape ({ code, message, field }), which the gateway passes on as is. */
export function httpError(status: number, code: string, message: string, field?: string): HttpException {
  return new HttpException(apiError(code, message, field), status);
}

const DOMAIN_ERRORS: Record<string, { status: number; code: string; field?: string }> = {
  'idempotency-conflict': { status: 409, code: 'IDEMPOTENCY_CONFLICT', field: 'partnerTxnId' },
  'reversal-window-closed': { status: 422, code: 'REVERSAL_WINDOW_CLOSED' },
  'unknown-payment': { status: 404, code: 'PAYMENT_NOT_FOUND' },
  'invalid-amount': { status: 400, code: 'VALIDATION_FAILED', field: 'amount' },
  'invalid-channel': { status: 400, code: 'VALIDATION_FAILED', field: 'channel' },
  'invalid-instant': { status: 400, code: 'VALIDATION_FAILED', field: 'paidAt' },
  'unknown-partner': { status: 404, code: 'PARTNER_NOT_FOUND' },
  'unknown-key': { status: 404, code: 'KEY_NOT_FOUND', field: 'keyId' },
  'invalid-key': { status: 400, code: 'VALIDATION_FAILED', field: 'keyId' },
  'key-id-taken': { status: 409, code: 'KEY_ID_TAKEN', field: 'keyId' },
  'too-many-active-keys': { status: 409, code: 'TOO_MANY_ACTIVE_KEYS' },
  'invalid-partner': { status: 400, code: 'VALIDATION_FAILED' },
};

/** A business rule's refusal as an HTTP error; anything else is rethrown untouched. */
export function asHttpError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const known = DOMAIN_ERRORS[error.code] ?? {
    status: 422,
    code: error.code.toUpperCase().replace(/-/g, '_'),
  };
  return httpError(known.status, known.code, error.message, known.field);
}

export async function orHttpError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asHttpError(error);
  }
}
