import { randomUUID } from 'node:crypto';

export interface ReceivedSms {
  messageId: string;
  requestId: string;
  brandname: string;
  to: string;
  text: string;
  receivedAt: string;
}

export type FailureMode = 'transient' | 'permanent';

interface FailureRule {
  mode: FailureMode;
  /** Requests left to fail; undefined = every one until cleared. */
  remaining?: number;
}

export type Answer =
  | { status: 200; body: { messageId: string; status: 'accepted'; duplicate: boolean } }
  | { status: 400 | 503; body: { code: string; message: string } };

/**
 * The stand-in operator's memory: every accepted message once per request id (a repeated request id
 * gets the first answer back and is not delivered again), and the failures it was told to play.
 */
export class SmsGatewayStore {
  private readonly messages: ReceivedSms[] = [];
  private readonly byRequestId = new Map<string, ReceivedSms>();
  private readonly failures = new Map<string, FailureRule>();
  /** Requests seen, accepted or not (a test can count retries). */
  readonly attempts = new Map<string, number>();

  submit(
    request: { brandname: string; to: string; text: string; requestId: string },
    now = new Date(),
  ): Answer {
    this.attempts.set(request.to, (this.attempts.get(request.to) ?? 0) + 1);
    const earlier = this.byRequestId.get(request.requestId);
    if (earlier)
      return { status: 200, body: { messageId: earlier.messageId, status: 'accepted', duplicate: true } };
    const rule = this.failures.get(request.to);
    if (rule && (rule.remaining === undefined || rule.remaining > 0)) {
      if (rule.remaining !== undefined) rule.remaining--;
      return rule.mode === 'permanent'
        ? { status: 400, body: { code: 'INVALID_NUMBER', message: `${request.to} is not a subscriber` } }
        : { status: 503, body: { code: 'OPERATOR_BUSY', message: 'operator temporarily unavailable' } };
    }
    const sms: ReceivedSms = {
      messageId: randomUUID(),
      requestId: request.requestId,
      brandname: request.brandname,
      to: request.to,
      text: request.text,
      receivedAt: now.toISOString(),
    };
    this.messages.push(sms);
    this.byRequestId.set(request.requestId, sms);
    return { status: 200, body: { messageId: sms.messageId, status: 'accepted', duplicate: false } };
  }

  list(filter: { to?: string; since?: string; requestId?: string } = {}): ReceivedSms[] {
    return this.messages.filter(
      (m) =>
        (!filter.to || m.to === filter.to) &&
        (!filter.since || m.receivedAt >= filter.since) &&
        (!filter.requestId || m.requestId === filter.requestId),
    );
  }

  failFor(numbers: string[], mode: FailureMode, times?: number): void {
    for (const to of numbers)
      this.failures.set(to, { mode, ...(times === undefined ? {} : { remaining: times }) });
  }

  clearFailures(): void {
    this.failures.clear();
  }
}
