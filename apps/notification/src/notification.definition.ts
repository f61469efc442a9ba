import { PlatformConfig } from '@gridpay/shared/config';
import type { ServiceDefinition } from '@gridpay/shared/service';

export class NotificationConfig extends PlatformConfig {
  override PORT = 3003;
  override MONGODB_DB = 'gridpay-notification';
}

/** SMS and email to customers: bills, receipts, auto-debit failures. */
export const notificationDefinition: ServiceDefinition<NotificationConfig> = {
  name: 'notification',
  title: 'Notification',
  config: NotificationConfig,
  modules: () => [],
};
