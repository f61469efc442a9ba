import { telemetry } from './instrument';
import { runService } from '@gridpay/shared/service';
import { providerIntegrationDefinition } from './provider-integration.definition';

void runService(providerIntegrationDefinition, telemetry);
