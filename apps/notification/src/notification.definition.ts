import { NotificationModule } from '@gridpay/notification/feature';
import { MessagingModule } from '@gridpay/shared/messaging';
import { defineService } from '@gridpay/shared/service';
import { NotificationConfig } from './notification.config';

/** SMS and email to customers: bills, receipts, auto-debit and mandate notices, enrollment outreach. */
export const notificationDefinition = defineService({
  name: 'notification',
  title: 'Notification',
  port: 3003,
  config: NotificationConfig,
  modules: (config) => {
    const [from, to] = config.NOTIFY_QUIET_HOURS.split('-');
    return [
      MessagingModule.forService({ service: 'notification' }),
      NotificationModule.forRoot({
        smsGatewayUrl: config.SMS_GATEWAY_URL,
        smsGatewayApiKey: config.SMS_GATEWAY_API_KEY,
        smsBrandname: config.SMS_BRANDNAME,
        smsRatePerSecond: config.SMS_RATE_PER_SECOND,
        smtpUrl: config.SMTP_URL,
        emailFrom: config.EMAIL_FROM,
        emailConcurrency: config.EMAIL_CONCURRENCY,
        sendTimeoutMs: config.NOTIFY_SEND_TIMEOUT_MS,
        branch: { name: config.NOTIFY_BRANCH_NAME, hotline: config.NOTIFY_BRANCH_HOTLINE },
        payChannels: config.NOTIFY_PAY_CHANNELS,
        retry: { maxAttempts: config.NOTIFY_MAX_ATTEMPTS, backoffMs: config.NOTIFY_RETRY_BACKOFF_MS },
        quietHours: { from, to, utcOffsetMinutes: 7 * 60 },
        dispatchPollMs: config.NOTIFY_POLL_MS,
      }),
    ];
  },
});
