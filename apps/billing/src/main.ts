import { telemetry } from './instrument';
import { runService } from '@gridpay/shared/service';
import { billingDefinition } from './billing.definition';

void runService(billingDefinition, telemetry);
