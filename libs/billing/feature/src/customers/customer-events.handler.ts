import type { KnownEvent } from '@gridpay/contracts';
import type { EventHandler } from '@gridpay/shared/messaging';
import type { CustomerRecord, CustomerRepository } from './customer.repository';

/** CustomerRegistered / CustomerUpdated from the company's customer system, kept as billing's copy. */
export class CustomerEventsHandler implements EventHandler {
  constructor(private readonly customers: CustomerRepository) {}

  async handle(events: KnownEvent[]): Promise<void> {
    const records: CustomerRecord[] = [];
    for (const event of events) {
      if (event.type === 'CustomerRegistered' || event.type === 'CustomerUpdated') records.push(event.data);
    }
    await this.customers.save(records);
  }
}
