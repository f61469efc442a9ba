/** The body of every error the partner API returns. */
export interface ApiErrorBody {
  /** Stable machine code, e.g. `IDEMPOTENCY_CONFLICT`. */
  code: string;
  /** For people; may change wording without notice. */
  message: string;
  /** The one request field at fault, when there is one (a body field or a header name). */
  field?: string;
}

/** Machine codes the public contract names (docs/OpenAPI list them with their HTTP status). */
export const API_ERROR_CODES = {
  validationFailed: 'VALIDATION_FAILED',
  customerNotFound: 'CUSTOMER_NOT_FOUND',
  paymentNotFound: 'PAYMENT_NOT_FOUND',
  idempotencyConflict: 'IDEMPOTENCY_CONFLICT',
  reversalWindowClosed: 'REVERSAL_WINDOW_CLOSED',
  partnerDisabled: 'PARTNER_DISABLED',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  rateLimited: 'RATE_LIMITED',
} as const;

export function apiError(code: string, message: string, field?: string): ApiErrorBody {
  return field === undefined ? { code, message } : { code, message, field };
}
