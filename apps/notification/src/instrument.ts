import { startTelemetry } from '@gridpay/shared/telemetry';

/** Imported first by main.ts: instrumentation must patch modules before they load. */
export const telemetry = startTelemetry('notification');
