import { TOPICS } from '@gridpay/contracts';
import { openBillsProjection, ProviderIntegrationModule } from '@gridpay/provider-integration/feature';
import { MessagingModule } from '@gridpay/shared/messaging';
import { defineService } from '@gridpay/shared/service';

/** The 11 partners and their channels, payments, auto-debit and reconciliation. */
export const providerIntegrationDefinition = defineService({
  name: 'provider-integration',
  title: 'Provider Integration',
  port: 3002,
  description:
    "Internal service: the partner registry (admin API under /admin/partners), the open-bills projection built from billing's events, partners' payments and reconciliation (internal API under /internal, called by the gateway only).",
  modules: () => [
    MessagingModule.forService({ service: 'provider-integration' }),
    ProviderIntegrationModule.forRoot(),
  ],
  projections: [{ projection: openBillsProjection, source: { topics: [TOPICS.bills] } }],
});
