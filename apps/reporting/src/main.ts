import { telemetry } from './instrument';
import { runService } from '@gridpay/shared/service';
import { reportingDefinition } from './reporting.definition';

void runService(reportingDefinition, telemetry);
