import type { KnownEvent } from '@gridpay/contracts';
import type { Projection } from '@gridpay/shared/ddd';
import type { EventHandler } from '@gridpay/shared/messaging';

/**
 * Feeds a projection store a batch a few documents at a time. ProjectionStore writes every document
 * of a batch concurrently; FerretDB on SQLite answers hundreds of concurrent replaces with "database
 * is locked" (SQLITE_BUSY), which the consumer then retries event by event. A few keys per call keep
 * the writes flowing; each key's events stay together and in order.
 */
export class BoundedProjectionHandler implements EventHandler {
  constructor(
    private readonly store: EventHandler,
    private readonly projection: Pick<Projection<KnownEvent, unknown>, 'keyOf'>,
    private readonly keysPerWrite = 16,
  ) {}

  async handle(events: KnownEvent[]): Promise<void> {
    const byKey = new Map<string, KnownEvent[]>();
    for (const event of events) {
      const key = this.projection.keyOf(event);
      if (key === undefined) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    const groups = [...byKey.values()];
    for (let i = 0; i < groups.length; i += this.keysPerWrite) {
      await this.store.handle(groups.slice(i, i + this.keysPerWrite).flat());
    }
  }
}
