import type { SendOutcome, SmsMessage, SmsSender } from './send-outcome';

export interface SmsGatewayOptions {
  url: string;
  apiKey: string;
  brandname: string;
  timeoutMs: number;
}

/**
 * A brandname SMS API over HTTP: POST JSON {brandname, from, to, text, requestId} with the API key in
 * the X-Api-Key header; 2xx with {messageId} = accepted. The request id is the notification id, so a
 * resend after a crash (sent, but not yet recorded) is dropped by the gateway instead of reaching the
 * phone twice. 4xx other than 408/429 are permanent (invalid number, rejected content); 5xx, 408,
 * 429, timeouts and connection errors are transient and retried.
 */
export class SmsGatewayAdapter implements SmsSender {
  constructor(private readonly options: SmsGatewayOptions) {}

  async send(message: SmsMessage): Promise<SendOutcome> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.options.apiKey },
        body: JSON.stringify({
          brandname: this.options.brandname,
          from: this.options.brandname,
          to: message.to,
          text: message.text,
          requestId: message.requestId,
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return {
        ok: false,
        kind: 'transient',
        reason: `gateway unreachable: ${cause ?? (error as Error).name}`,
      };
    }
    const text = await response.text().catch(() => '');
    let body: { messageId?: string; code?: string; message?: string } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the status says enough
    }
    if (response.ok) {
      if (!body.messageId)
        return { ok: false, kind: 'transient', reason: 'gateway accepted without a messageId' };
      return { ok: true, providerMessageId: body.messageId };
    }
    const reason = `gateway ${response.status}${body.code ? ` ${body.code}` : ''}${body.message ? `: ${body.message}` : ''}`;
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, kind: transient ? 'transient' : 'permanent', reason };
  }
}
