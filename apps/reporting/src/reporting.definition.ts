import { PlatformConfig } from '@gridpay/shared/config';
import type { ServiceDefinition } from '@gridpay/shared/service';

export class ReportingConfig extends PlatformConfig {
  override PORT = 3004;
  override MONGODB_DB = 'gridpay-reporting';
}

/** Projections and the management dashboard: cashless share, channels, campaigns, debt. */
export const reportingDefinition: ServiceDefinition<ReportingConfig> = {
  name: 'reporting',
  title: 'Reporting',
  config: ReportingConfig,
  modules: () => [],
};
