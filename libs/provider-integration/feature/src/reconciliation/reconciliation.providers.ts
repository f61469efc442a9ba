import type { Provider } from '@nestjs/common';
import { EventStore } from '@gridpay/shared/event-store';
import { PaymentDayIndex } from '../payments/payment-day-index';
import { PaymentsService } from '../payments/payments.service';
import { ReconciliationAdminController } from './reconciliation-admin.controller';
import { ReconciliationService } from './reconciliation.service';

export const RECONCILIATION_ADMIN_CONTROLLERS = [ReconciliationAdminController];

export const RECONCILIATION_PROVIDERS: Provider[] = [
  {
    provide: ReconciliationService,
    inject: [EventStore, PaymentDayIndex, PaymentsService],
    useFactory: (store: EventStore, dayIndex: PaymentDayIndex, payments: PaymentsService) =>
      new ReconciliationService(store, dayIndex, payments),
  },
];
