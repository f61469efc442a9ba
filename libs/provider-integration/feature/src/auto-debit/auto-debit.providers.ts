import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@gridpay/contracts';
import { acceleratedRetryPolicy, DEBIT_RETRY_POLICY } from '@gridpay/payments/domain';
import { EventStore } from '@gridpay/shared/event-store';
import { ConsumerHost, Lease } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { OpenBills } from '../open-bills/open-bills';
import { PartnerRegistry } from '../partners/partner-registry';
import { PaymentDayIndex } from '../payments/payment-day-index';
import { AutoDebitService } from './auto-debit.service';
import { HttpBankAdapter, type BankAdapter } from './bank-adapter';
import { DebitScheduler } from './debit-scheduler';
import { DebitsController } from './debits.controller';
import { DueQueue } from './due-queue';
import { MandatesController } from './mandates.controller';
import { MandatesService } from './mandates.service';

export interface AutoDebitOptions {
  /** The banks' auto-debit interface (default: the partner sandbox's bank). */
  bankAdapterUrl?: string;
  /** A bank call taking longer is an unknown outcome (PENDING), checked later. */
  bankTimeoutMs?: number;
  checkAfterMs?: number;
  /** Consumer group reading BillIssued/BillSettled for debits. */
  group?: string;
  /**
   * Where a new group starts. Default: the end of the bills topic, so switching auto-debit on (or a new
   * group name) never debits bills issued before; tests on a topic of their own read it all.
   */
  fromBeginning?: boolean;
  leaseTtlMs?: number;
  pollMs?: number;
  concurrency?: number;
  /** Divides every retry wait (the demo lives a month in minutes); 1 = the real policy. */
  retrySpeedup?: number;
  /** Tests move time forward to make retries due. */
  clock?: () => Date;
  /** Tests may hand in their own bank. */
  bank?: BankAdapter;
  /** Off: no scheduler in this instance (tests run rounds themselves). */
  scheduler?: boolean;
}

export const AUTO_DEBIT_GROUP = 'provider-integration.auto-debit';
export const DEFAULT_BANK_ADAPTER_URL = 'http://127.0.0.1:3090/bank';
const AUTO_DEBIT_OPTIONS = Symbol('AUTO_DEBIT_OPTIONS');

/** Registers the auto-debit consumer group and runs the leased scheduler. */
@Injectable()
export class AutoDebitRunner implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AutoDebit');
  private scheduler?: DebitScheduler;

  constructor(
    @Inject(AUTO_DEBIT_OPTIONS) private readonly options: AutoDebitOptions & { billsTopic: string },
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(AutoDebitService) private readonly service: AutoDebitService,
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.options.group ?? AUTO_DEBIT_GROUP,
      topics: [this.options.billsTopic],
      handler: this.service,
      fromBeginning: this.options.fromBeginning ?? false,
      // A BillIssued costs a mandate lookup (and, with a mandate, a debit record and a queue entry; the
      // bank is called by the scheduler): slices wide enough to keep `concurrency` lookups in flight.
      maxBatch: 200,
    });
  }

  onApplicationBootstrap(): void {
    if (this.options.scheduler === false) return;
    const lease = new Lease(
      this.connection,
      'provider-integration.auto-debit-scheduler',
      `${process.pid}-${Math.random().toString(36).slice(2)}`,
      this.options.leaseTtlMs ?? 15_000,
    );
    this.scheduler = new DebitScheduler(this.service, lease, this.options.pollMs ?? 250, 500, this.logger);
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler?.stop();
  }
}

export const AUTO_DEBIT_CONTROLLERS = [MandatesController, DebitsController];

export function autoDebitProviders(
  options: AutoDebitOptions = {},
  billsTopic: string = TOPICS.bills,
): Provider[] {
  return [
    { provide: AUTO_DEBIT_OPTIONS, useValue: { ...options, billsTopic } },
    {
      provide: MandatesService,
      inject: [EventStore, MONGO_CONNECTION, PartnerRegistry],
      useFactory: (store: EventStore, connection: Connection, partners: PartnerRegistry) =>
        new MandatesService(store, connection, partners),
    },
    {
      provide: AutoDebitService,
      inject: [EventStore, MandatesService, MONGO_CONNECTION, OpenBills, PaymentDayIndex],
      useFactory: (
        store: EventStore,
        mandates: MandatesService,
        connection: Connection,
        openBills: OpenBills,
        dayIndex: PaymentDayIndex,
      ) =>
        new AutoDebitService(
          store,
          mandates,
          options.bank ??
            new HttpBankAdapter(
              options.bankAdapterUrl ?? DEFAULT_BANK_ADAPTER_URL,
              options.bankTimeoutMs ?? 10_000,
            ),
          new DueQueue(connection),
          openBills,
          dayIndex,
          options.clock ?? (() => new Date()),
          {
            checkAfterMs: options.checkAfterMs ?? 30_000,
            concurrency: options.concurrency ?? 32,
            retryPolicy: acceleratedRetryPolicy(DEBIT_RETRY_POLICY, options.retrySpeedup ?? 1),
          },
          new Logger('AutoDebit'),
        ),
    },
    AutoDebitRunner,
  ];
}
