import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  customerLedgerProjection,
  reconciliationDaysProjection,
  type CustomerLedger,
  type ReconciliationDay,
} from '@gridpay/reporting/domain';
import { ConsumerHost, ProjectionStore } from '@gridpay/shared/messaging';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { CampaignTargetsStore } from './campaign-targets/campaign-targets.store';
import { DashboardController } from './dashboard/dashboard.controller';
import { BoundedProjectionHandler } from './reports/bounded-projection.handler';
import { ReportDataReader } from './reports/report-data.reader';
import { ReportsController } from './reports/reports.controller';
import { REPORTING_OPTIONS, reportingTopics, type ReportingOptions } from './reporting.options';

export const LEDGER_STORE = Symbol('LEDGER_STORE');
export const RECONCILIATION_STORE = Symbol('RECONCILIATION_STORE');

/**
 * Reporting: two projections fed by every topic with facts the tables need, the report API (JSON
 * and CSV) and the dashboard. Needs MessagingModule (ConsumerHost) and the platform's Mongo module.
 */
@Module({})
export class ReportingModule implements OnModuleInit {
  static forRoot(options: ReportingOptions = {}): DynamicModule {
    return {
      module: ReportingModule,
      controllers: [ReportsController, DashboardController],
      providers: [
        { provide: REPORTING_OPTIONS, useValue: options },
        {
          provide: LEDGER_STORE,
          inject: [MONGO_CONNECTION],
          // The projection dedupes by the facts' own ids, so a short window of applied ids will do.
          useFactory: (connection: Connection) =>
            new ProjectionStore(connection, customerLedgerProjection, { appliedWindow: 16 }),
        },
        {
          provide: RECONCILIATION_STORE,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) =>
            new ProjectionStore(connection, reconciliationDaysProjection),
        },
        {
          provide: CampaignTargetsStore,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) => new CampaignTargetsStore(connection),
        },
        {
          provide: ReportDataReader,
          inject: [MONGO_CONNECTION, LEDGER_STORE, RECONCILIATION_STORE, CampaignTargetsStore],
          useFactory: (
            connection: Connection,
            ledgers: ProjectionStore<CustomerLedger>,
            days: ProjectionStore<ReconciliationDay>,
            targets: CampaignTargetsStore,
          ) =>
            new ReportDataReader(
              connection,
              ledgers,
              days,
              targets,
              options.cacheMs ?? 2000,
              options.staleMs ?? 0,
            ),
        },
      ],
      exports: [LEDGER_STORE, RECONCILIATION_STORE, ReportDataReader, CampaignTargetsStore],
    };
  }

  constructor(
    @Inject(REPORTING_OPTIONS) private readonly options: ReportingOptions,
    @Inject(ConsumerHost) private readonly consumers: ConsumerHost,
    @Inject(LEDGER_STORE) private readonly ledgers: ProjectionStore<CustomerLedger>,
    @Inject(RECONCILIATION_STORE) private readonly days: ProjectionStore<ReconciliationDay>,
  ) {}

  onModuleInit(): void {
    const topics = reportingTopics(this.options.topicPrefix);
    const group = this.options.groupPrefix ?? 'reporting';
    // Both projections dedupe inside their own single write per document: no inbox round trips.
    this.consumers.add({
      groupId: `${group}.ledger`,
      topics: topics.ledger,
      handler: new BoundedProjectionHandler(this.ledgers, customerLedgerProjection),
      inbox: false,
    });
    this.consumers.add({
      groupId: `${group}.reconciliation`,
      topics: topics.reconciliation,
      handler: new BoundedProjectionHandler(this.days, reconciliationDaysProjection),
      inbox: false,
    });
  }
}
