/** What a failed debit leads to, per the bank's reason. */
export interface RetryRule {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Hours to wait after failed attempt n before attempt n+1 (index n-1). */
  retryAfterHours: number[];
  /** The account cannot be debited any more: the mandate is suspended. */
  suspendMandate: boolean;
}

export const DEBIT_REASONS = {
  insufficientFunds: 'INSUFFICIENT_FUNDS',
  accountClosed: 'ACCOUNT_CLOSED',
  mandateRevoked: 'MANDATE_REVOKED',
} as const;

/**
 * Insufficient funds: 3 attempts over 6 days (day 0, 3, 6); a closed account or a revoked mandate is
 * never retried and suspends the mandate; any other refusal is tried once more a day later.
 */
export type RetryPolicy = Record<string, RetryRule> & { default: RetryRule };

export const DEBIT_RETRY_POLICY: RetryPolicy = {
  [DEBIT_REASONS.insufficientFunds]: { maxAttempts: 3, retryAfterHours: [72, 72], suspendMandate: false },
  [DEBIT_REASONS.accountClosed]: { maxAttempts: 1, retryAfterHours: [], suspendMandate: true },
  [DEBIT_REASONS.mandateRevoked]: { maxAttempts: 1, retryAfterHours: [], suspendMandate: true },
  default: { maxAttempts: 2, retryAfterHours: [24], suspendMandate: false },
};

export interface RetryDecision {
  willRetry: boolean;
  nextAttemptAt?: string;
  suspendMandate: boolean;
}

/** The policy applied to failed attempt `attempt` (from 1) at `failedAt`. */
export function retryAfterFailure(
  reasonCode: string,
  attempt: number,
  failedAt: string,
  policy: RetryPolicy = DEBIT_RETRY_POLICY,
): RetryDecision {
  const rule = policy[reasonCode] ?? policy.default;
  const hours = rule.retryAfterHours[attempt - 1];
  if (attempt >= rule.maxAttempts || hours === undefined)
    return { willRetry: false, suspendMandate: rule.suspendMandate };
  return {
    willRetry: true,
    nextAttemptAt: new Date(Date.parse(failedAt) + hours * 3600_000).toISOString(),
    suspendMandate: rule.suspendMandate,
  };
}

/**
 * The same policy with every wait divided by `speedup`: the demo platform lives a month in minutes
 * (72 h → 72 s at 3,600). Real deployments keep 1.
 */
export function acceleratedRetryPolicy(policy: RetryPolicy, speedup: number): RetryPolicy {
  if (!(speedup >= 1)) throw new RangeError('speedup: a number >= 1');
  const scaled = (rule: RetryRule): RetryRule => ({
    ...rule,
    retryAfterHours: rule.retryAfterHours.map((hours) => hours / speedup),
  });
  return Object.fromEntries(
    Object.entries(policy).map(([reason, rule]) => [reason, scaled(rule)]),
  ) as RetryPolicy;
}
