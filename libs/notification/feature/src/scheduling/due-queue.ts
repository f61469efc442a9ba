import type { Connection, mongo } from 'mongoose';
import type { NotificationChannel } from '@gridpay/notification/domain';
import { uuidv7 } from '@gridpay/shared/ids';
import { connectedDb } from '@gridpay/shared/mongo';

export interface DueItem {
  notificationId: string;
  customerCode: string;
  channel: NotificationChannel;
}

/**
 * A page of messages due at the same time. `_id` = "<dueAt ISO>|<uuidv7>", so pages sort by due time
 * and the oldest due page is the first one.
 */
export interface DuePage {
  _id: string;
  dueAt: string;
  items: DueItem[];
}

const PAGE_SIZE = 200;

/**
 * What the dispatcher has to send, as insert-only pages of up to 200 messages each, deleted once every
 * message on them is settled (sent, failed, or moved to a later page).
 *
 * Why pages rather than one queue document per message: on FerretDB (SQLite) every query other than an
 * insert scans the collection (even a delete by _id), so the cost of a poll or a delete grows with the
 * number of documents. A bill run of 30,000 makes ~150 pages instead of 30,000 documents: polling the
 * oldest due page and deleting a finished one stay cheap, and there is still no update anywhere.
 * Scheduling writes the notification's stream first and its page second; a message whose page was
 * never written is put back when its source event is redelivered (the inbox mark comes last). A message
 * on two pages is harmless: the dispatcher sends only what its stream says is still due.
 */
export class DueQueue {
  constructor(private readonly connection: Connection) {}

  get pages(): mongo.Collection<DuePage> {
    return connectedDb(this.connection).collection<DuePage>('notification_due');
  }

  async add(items: Array<DueItem & { dueAt: string }>): Promise<void> {
    const byTime = new Map<string, DueItem[]>();
    for (const { dueAt, ...item } of items) byTime.set(dueAt, [...(byTime.get(dueAt) ?? []), item]);
    const pages: DuePage[] = [];
    for (const [dueAt, all] of byTime) {
      for (let i = 0; i < all.length; i += PAGE_SIZE)
        pages.push({ _id: `${dueAt}|${uuidv7()}`, dueAt, items: all.slice(i, i + PAGE_SIZE) });
    }
    if (pages.length > 0) await this.pages.insertMany(pages, { ordered: false });
  }

  /** The pages due at `now`, oldest first. */
  due(now: Date, limit = 5): Promise<DuePage[]> {
    return this.pages
      .find({ _id: { $lt: `${now.toISOString()}~` } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  async remove(pageId: string): Promise<void> {
    await this.pages.deleteOne({ _id: pageId });
  }

  /** Messages waiting, due or not (tests, health). */
  async waiting(): Promise<number> {
    const pages = await this.pages.find({}, { projection: { items: 1 } }).toArray();
    return pages.reduce((sum, page) => sum + page.items.length, 0);
  }
}
