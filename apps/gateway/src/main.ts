import { telemetry } from './instrument';
import { runService } from '@gridpay/shared/service';
import { gatewayDefinition } from './gateway.definition';

void runService(gatewayDefinition, telemetry);
