import { defineService } from '@gridpay/shared/service';

/** SMS and email to customers: bills, receipts, auto-debit failures. */
export const notificationDefinition = defineService({
  name: 'notification',
  title: 'Notification',
  port: 3003,
});
