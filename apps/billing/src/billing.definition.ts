import { BillingModule } from '@gridpay/billing/feature';
import { MessagingModule } from '@gridpay/shared/messaging';
import { defineService } from '@gridpay/shared/service';

/** Customers, meters, readings, the effective-dated tariff and bills. */
export const billingDefinition = defineService({
  name: 'billing',
  title: 'Billing',
  port: 3001,
  modules: () => [MessagingModule.forService({ service: 'billing' }), BillingModule],
});
