import { PlatformConfig } from '@gridpay/shared/config';
import type { ServiceDefinition } from '@gridpay/shared/service';

export class BillingConfig extends PlatformConfig {
  override PORT = 3001;
  override MONGODB_DB = 'gridpay-billing';
}

/** Customers, meters, readings, the effective-dated tariff and bills. */
export const billingDefinition: ServiceDefinition<BillingConfig> = {
  name: 'billing',
  title: 'Billing',
  config: BillingConfig,
  modules: () => [],
};
