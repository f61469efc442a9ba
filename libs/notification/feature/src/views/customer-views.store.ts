import type { Connection } from 'mongoose';
import type { KnownEvent } from '@gridpay/contracts';
import {
  customerBalances,
  customerMandates,
  customerProfiles,
  paymentHabits,
  type CustomerBalance,
  type CustomerMandates,
  type CustomerProfile,
  type PaymentHabits,
} from '@gridpay/notification/domain';
import { ProjectionStore, type EventHandler } from '@gridpay/shared/messaging';

/**
 * FerretDB scans a collection for any lookup, so each view is spread over buckets (by key hash) to
 * keep a lookup's cost flat as the district grows; on MongoDB set NOTIFICATION_VIEW_BUCKETS=1.
 */
const buckets = () => Number(process.env.NOTIFICATION_VIEW_BUCKETS ?? 16);

/**
 * notification's own views of other services' events: customer profiles (contacts, commune, type),
 * payment habits (cash or cashless), active mandates and bill balances. Each view has its own
 * collections and each is keyed by customer code, the key of every topic it reads, so one consumer
 * per partition is the only writer of a document.
 */
export class CustomerViews implements EventHandler {
  readonly profiles: ProjectionStore<CustomerProfile>;
  readonly habits: ProjectionStore<PaymentHabits>;
  readonly mandates: ProjectionStore<CustomerMandates>;
  readonly balances: ProjectionStore<CustomerBalance>;

  constructor(connection: Connection) {
    const options = { buckets: buckets() };
    this.profiles = new ProjectionStore(connection, customerProfiles, options);
    this.habits = new ProjectionStore(connection, paymentHabits, options);
    this.mandates = new ProjectionStore(connection, customerMandates, options);
    this.balances = new ProjectionStore(connection, customerBalances, options);
  }

  async handle(events: KnownEvent[]): Promise<void> {
    await Promise.all([
      this.profiles.handle(events),
      this.habits.handle(events),
      this.mandates.handle(events),
      this.balances.handle(events),
    ]);
  }
}
