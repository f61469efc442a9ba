/** What a channel said about one attempt. */
export type SendOutcome =
  { ok: true; providerMessageId: string } | { ok: false; kind: 'transient' | 'permanent'; reason: string };

export interface SmsMessage {
  /** The notification id: the gateway drops a second request with the same id. */
  requestId: string;
  to: string;
  text: string;
}

export interface EmailMessage {
  /** The notification id: becomes the Message-ID, so a mail system can drop a repeat. */
  requestId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<SendOutcome>;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<SendOutcome>;
  close?(): void;
}
