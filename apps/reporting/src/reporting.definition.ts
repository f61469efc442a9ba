import { customerLedgerProjection, reconciliationDaysProjection } from '@gridpay/reporting/domain';
import { reportingTopics, ReportingModule } from '@gridpay/reporting/feature';
import { MessagingModule } from '@gridpay/shared/messaging';
import { defineService } from '@gridpay/shared/service';
import { ReportingConfig } from './reporting.config';

// rebuild-projection runs before the config is validated into a module: read the prefix here.
const topics = reportingTopics(process.env.REPORTING_TOPIC_PREFIX ?? '');

/** Projections and the management dashboard: the two shares, channels, campaigns, debt. */
export const reportingDefinition = defineService({
  name: 'reporting',
  title: 'Reporting',
  port: 3004,
  config: ReportingConfig,
  description:
    'Report tables as JSON or CSV under /reports (filters: period, commune, partner, channel), the staff campaign targets API, and the branch dashboard at /dashboard.',
  modules: (config) => [
    MessagingModule.forService({ service: 'reporting' }),
    ReportingModule.forRoot({
      topicPrefix: config.REPORTING_TOPIC_PREFIX,
      groupPrefix: config.REPORTING_GROUP,
      cacheMs: config.REPORTING_CACHE_MS,
      staleMs: config.REPORTING_STALE_MS,
    }),
  ],
  projections: [
    { projection: customerLedgerProjection, source: { topics: topics.ledger } },
    { projection: reconciliationDaysProjection, source: { topics: topics.reconciliation } },
  ],
});
