import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@gridpay/contracts';
import { PARTNER_SEED, type PartnerSeedEntry } from '@gridpay/payments/domain';
import { EventStore } from '@gridpay/shared/event-store';
import { connectInBackground, type BackgroundConnection } from '@gridpay/shared/health';
import { ConsumerHost, ProjectionStore } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import {
  AUTO_DEBIT_CONTROLLERS,
  autoDebitProviders,
  type AutoDebitOptions,
} from './auto-debit/auto-debit.providers';
import { OpenBills } from './open-bills/open-bills';
import { OpenBillsController } from './open-bills/open-bills.controller';
import { openBillsProjection } from './open-bills/open-bills.projection';
import { PartnerKeysController } from './partners/partner-keys.controller';
import { PartnerRegistry } from './partners/partner-registry';
import { PartnersAdminController } from './partners/partners-admin.controller';
import { PaymentDayIndex } from './payments/payment-day-index';
import { PaymentsController } from './payments/payments.controller';
import { PaymentsService } from './payments/payments.service';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import {
  RECONCILIATION_ADMIN_CONTROLLERS,
  RECONCILIATION_PROVIDERS,
} from './reconciliation/reconciliation.providers';

export interface ProviderIntegrationOptions {
  /** Partners registered at start when missing (default: the 11 sandbox partners). */
  seed?: readonly PartnerSeedEntry[];
  /** Where billing's BillIssued/BillSettled arrive (tests give a topic of their own). */
  billsTopic?: string;
  openBillsGroup?: string;
  /** How long a partner's state may be served from memory (other instances' admin changes). */
  partnerCacheMs?: number;
  autoDebit?: AutoDebitOptions;
}

const OPTIONS = Symbol('PROVIDER_INTEGRATION_OPTIONS');
export const OPEN_BILLS_GROUP = 'provider-integration.open-bills';

/**
 * provider-integration: the partner registry (seeded, admin API), the open-bills projection built
 * from billing's events, the Payment aggregate and the internal HTTP API the gateway calls.
 * Needs MessagingModule (EventStore, ConsumerHost) and the platform's Mongo module.
 */
@Module({})
export class ProviderIntegrationModule
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('ProviderIntegration');
  private seeding?: BackgroundConnection;

  static forRoot(options: ProviderIntegrationOptions = {}): DynamicModule {
    return {
      module: ProviderIntegrationModule,
      controllers: [
        PartnersAdminController,
        PartnerKeysController,
        OpenBillsController,
        PaymentsController,
        ReconciliationController,
        ...AUTO_DEBIT_CONTROLLERS,
        ...RECONCILIATION_ADMIN_CONTROLLERS,
      ],
      providers: [
        { provide: OPTIONS, useValue: options },
        {
          provide: PartnerRegistry,
          inject: [EventStore, MONGO_CONNECTION],
          useFactory: (store: EventStore, connection: Connection) =>
            new PartnerRegistry(store, connection, options.partnerCacheMs ?? 1000),
        },
        {
          provide: OpenBills,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) =>
            new OpenBills(new ProjectionStore(connection, openBillsProjection)),
        },
        {
          provide: PaymentDayIndex,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) => new PaymentDayIndex(connection),
        },
        {
          provide: PaymentsService,
          inject: [EventStore, PartnerRegistry, OpenBills, PaymentDayIndex],
          useFactory: (
            store: EventStore,
            partners: PartnerRegistry,
            openBills: OpenBills,
            index: PaymentDayIndex,
          ) => new PaymentsService(store, partners, openBills, index),
        },
        ...autoDebitProviders(options.autoDebit, options.billsTopic),
        ...RECONCILIATION_PROVIDERS,
      ],
      exports: [PartnerRegistry, OpenBills, PaymentsService, PaymentDayIndex],
    };
  }

  constructor(
    @Inject(OPTIONS) private readonly options: ProviderIntegrationOptions,
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(OpenBills) private readonly openBills: OpenBills,
    @Inject(PartnerRegistry) private readonly partners: PartnerRegistry,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.options.openBillsGroup ?? OPEN_BILLS_GROUP,
      topics: [this.options.billsTopic ?? TOPICS.bills],
      handler: this.openBills.store,
      // The projection dedupes by event id inside its own single write.
      inbox: false,
    });
  }

  onApplicationBootstrap(): void {
    const seed = this.options.seed ?? PARTNER_SEED;
    this.seeding = connectInBackground(
      `partner seed (${seed.length} partners)`,
      async () => {
        const { registered } = await this.partners.seed(seed);
        if (registered.length > 0) this.logger.log(`registered partners: ${registered.join(', ')}`);
      },
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.seeding?.stop();
  }
}
