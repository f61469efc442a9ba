import { createTransport, type Transporter } from 'nodemailer';
import type { EmailMessage, EmailSender, SendOutcome } from './send-outcome';

export interface SmtpOptions {
  url: string;
  from: string;
  maxConnections: number;
  timeoutMs: number;
}

/**
 * Email over SMTP with nodemailer (a pool of connections). The Message-ID is derived from the
 * notification id, so a resend after a crash carries the same id. SMTP 5xx (unknown mailbox, bounced)
 * is permanent; 4xx (greylisting, mailbox busy), timeouts and refused connections are transient.
 */
export class SmtpEmailAdapter implements EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    this.transport = createTransport({
      url: options.url,
      pool: true,
      maxConnections: options.maxConnections,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    } as never);
  }

  async send(message: EmailMessage): Promise<SendOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${message.requestId.replace(/[^A-Za-z0-9.:_-]/g, '_')}@gridpay.notification>`,
        headers: { 'X-GridPay-Notification': message.requestId },
      });
      const rejected = (info.rejected ?? []) as unknown[];
      if (rejected.length > 0)
        return { ok: false, kind: 'permanent', reason: `recipient rejected: ${info.response}` };
      return { ok: true, providerMessageId: String(info.messageId) };
    } catch (error) {
      const e = error as Error & { responseCode?: number; code?: string; response?: string };
      if (e.responseCode !== undefined && e.responseCode >= 500)
        return {
          ok: false,
          kind: 'permanent',
          reason: `SMTP ${e.responseCode}: ${firstLine(e.response ?? e.message)}`,
        };
      const why = e.responseCode !== undefined ? `SMTP ${e.responseCode}` : (e.code ?? e.name);
      return { ok: false, kind: 'transient', reason: `${why}: ${firstLine(e.response ?? e.message)}` };
    }
  }

  close(): void {
    this.transport.close();
  }
}

const firstLine = (text: string) => text.split('\n')[0].slice(0, 200);
