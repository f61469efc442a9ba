import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@gridpay/contracts';
import { EventStore } from '@gridpay/shared/event-store';
import { ConsumerHost } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { BillRunService } from './bill-run/bill-run.service';
import { BillRunStore } from './bill-run/bill-run.store';
import { BillRunner } from './bill-run/bill-runner';
import { BillRunsController } from './bill-run/bill-runs.controller';
import { BillQueries } from './bills/bill.queries';
import { BillsController } from './bills/bills.controller';
import { CustomerEventsHandler } from './customers/customer-events.handler';
import { CustomerRepository } from './customers/customer.repository';
import { CustomersController } from './customers/customers.controller';
import { ReadingEventsHandler } from './readings/reading-events.handler';
import { ReadingRepository } from './readings/reading.repository';
import { ReadingsController } from './readings/readings.controller';
import { RecordReadings } from './readings/record-readings';
import { CreditHolders } from './settlement/credit-holders';
import { SettlementController } from './settlement/settlement.controller';
import { SettlementHandler } from './settlement/settlement.handler';

const onConnection = <T>(make: (connection: Connection) => T) => ({
  inject: [MONGO_CONNECTION],
  useFactory: make,
});

/**
 * Billing: customers and readings from the customer system (events and CSV), the bill run, bills
 * settled by payments, and the internal HTTP API over them.
 */
@Module({
  controllers: [
    CustomersController,
    ReadingsController,
    BillsController,
    BillRunsController,
    SettlementController,
  ],
  providers: [
    { provide: CustomerRepository, ...onConnection((c) => new CustomerRepository(c)) },
    { provide: ReadingRepository, ...onConnection((c) => new ReadingRepository(c)) },
    { provide: BillRunStore, ...onConnection((c) => new BillRunStore(c)) },
    { provide: CreditHolders, ...onConnection((c) => new CreditHolders(c)) },
    { provide: BillQueries, inject: [EventStore], useFactory: (store: EventStore) => new BillQueries(store) },
    {
      provide: RecordReadings,
      inject: [CustomerRepository, ReadingRepository],
      useFactory: (customers: CustomerRepository, readings: ReadingRepository) =>
        new RecordReadings(customers, readings),
    },
    {
      provide: BillRunner,
      inject: [
        EventStore,
        MONGO_CONNECTION,
        CustomerRepository,
        ReadingRepository,
        CreditHolders,
        BillRunStore,
      ],
      useFactory: (
        store: EventStore,
        connection: Connection,
        customers: CustomerRepository,
        readings: ReadingRepository,
        holders: CreditHolders,
        runs: BillRunStore,
      ) => new BillRunner(store, connection, customers, readings, holders, runs, new Logger('BillRun')),
    },
    {
      provide: SettlementHandler,
      inject: [EventStore, MONGO_CONNECTION, CreditHolders, BillQueries],
      useFactory: (store: EventStore, connection: Connection, holders: CreditHolders, queries: BillQueries) =>
        new SettlementHandler(store, connection, holders, queries),
    },
    BillRunService,
  ],
})
export class BillingModule implements OnModuleInit {
  constructor(
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(CustomerRepository) private readonly customers: CustomerRepository,
    @Inject(RecordReadings) private readonly recordReadings: RecordReadings,
    @Inject(SettlementHandler) private readonly settlement: SettlementHandler,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: 'billing.customers',
      topics: [TOPICS.customers],
      handler: new CustomerEventsHandler(this.customers),
    });
    this.consumers.add({
      groupId: 'billing.meter-readings',
      topics: [TOPICS.meterReadings],
      handler: new ReadingEventsHandler(this.recordReadings),
    });
    this.consumers.add({
      groupId: 'billing.settlement',
      topics: [TOPICS.payments],
      handler: this.settlement,
    });
  }
}
