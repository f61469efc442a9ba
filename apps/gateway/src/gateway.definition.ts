import { defineService } from '@gridpay/shared/service';

/** The only door for partners: signed, idempotent HTTP API. */
export const gatewayDefinition = defineService({ name: 'gateway', title: 'Partner Gateway', port: 3000 });
