import { telemetry } from './instrument';
import { runService } from '@gridpay/shared/service';
import { notificationDefinition } from './notification.definition';

void runService(notificationDefinition, telemetry);
