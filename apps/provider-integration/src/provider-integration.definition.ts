import { defineService } from '@gridpay/shared/service';

/** The 11 partners and their channels, payments, auto-debit and reconciliation. */
export const providerIntegrationDefinition = defineService({
  name: 'provider-integration',
  title: 'Provider Integration',
  port: 3002,
});
