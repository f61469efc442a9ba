import { defineService } from '@gridpay/shared/service';

/** Projections and the management dashboard: cashless share, channels, campaigns, debt. */
export const reportingDefinition = defineService({ name: 'reporting', title: 'Reporting', port: 3004 });
