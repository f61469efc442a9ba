import {
  DEFAULT_RETRY_POLICY,
  VIETNAM_QUIET_HOURS,
  type Branch,
  type QuietHours,
  type RetryPolicy,
} from '@gridpay/notification/domain';

/** What the notification service is configured with (see apps/notification's config for the variables). */
export interface NotificationOptions {
  /** The brandname SMS API: POST JSON, API key in a header. */
  smsGatewayUrl: string;
  smsGatewayApiKey: string;
  smsBrandname: string;
  /** smtp://user:pass@host:port (smtps:// for TLS). */
  smtpUrl: string;
  emailFrom: string;
  /** SMS handed to the gateway per second at most: a bill run is spread instead of flooding it. */
  smsRatePerSecond: number;
  /** Emails in flight at once (SMTP pool connections). */
  emailConcurrency: number;
  sendTimeoutMs: number;
  branch: Branch;
  /** Partner codes offered as ways to pay, most used first. */
  payChannels: string[];
  retry: RetryPolicy;
  quietHours: QuietHours;
  /** How often the dispatcher looks for due messages while idle. */
  dispatchPollMs: number;
  /** The service's clock; tests move it. */
  clock: () => Date;
}

export const NOTIFICATION_OPTIONS = Symbol('NOTIFICATION_OPTIONS');

export const DEFAULT_NOTIFICATION_OPTIONS: NotificationOptions = {
  smsGatewayUrl: 'http://127.0.0.1:3090/sms',
  smsGatewayApiKey: 'sandbox-sms-key',
  smsBrandname: 'EVNCPC',
  smtpUrl: 'smtp://127.0.0.1:2525',
  emailFrom: 'Điện lực Quế Sơn <no-reply@gridpay.local>',
  smsRatePerSecond: 50,
  emailConcurrency: 5,
  sendTimeoutMs: 10_000,
  branch: { name: 'Điện lực Quế Sơn', hotline: '19001909' },
  payChannels: ['momo', 'vnpay', 'viettelpay', 'bank'],
  retry: DEFAULT_RETRY_POLICY,
  quietHours: VIETNAM_QUIET_HOURS,
  dispatchPollMs: 500,
  clock: () => new Date(),
};
