import { TOPICS } from '@gridpay/contracts';
import { openBillsProjection, ProviderIntegrationModule } from '@gridpay/provider-integration/feature';
import { MessagingModule } from '@gridpay/shared/messaging';
import { defineService } from '@gridpay/shared/service';
import { ProviderIntegrationConfig } from './provider-integration.config';

/** The 11 partners and their channels, payments, auto-debit and reconciliation. */
export const providerIntegrationDefinition = defineService({
  name: 'provider-integration',
  title: 'Provider Integration',
  port: 3002,
  config: ProviderIntegrationConfig,
  description:
    "Internal service: the partner registry (admin API under /admin/partners), the open-bills projection built from billing's events, partners' payments and reconciliation (internal API under /internal, called by the gateway only).",
  modules: (config) => [
    MessagingModule.forService({ service: 'provider-integration' }),
    ProviderIntegrationModule.forRoot({
      openBillsGroup: config.OPEN_BILLS_GROUP,
      autoDebit: {
        bankAdapterUrl: config.BANK_ADAPTER_URL,
        bankTimeoutMs: config.BANK_TIMEOUT_MS,
        checkAfterMs: config.AUTO_DEBIT_CHECK_AFTER_MS,
        group: config.AUTO_DEBIT_GROUP,
        leaseTtlMs: config.AUTO_DEBIT_LEASE_MS,
        concurrency: config.AUTO_DEBIT_CONCURRENCY,
        retrySpeedup: config.AUTO_DEBIT_RETRY_SPEEDUP,
      },
    }),
  ],
  projections: [{ projection: openBillsProjection, source: { topics: [TOPICS.bills] } }],
});
