import type { Connection, mongo } from 'mongoose';
import { businessDay, type PaymentAcceptedData } from '@gridpay/payments/domain';
import { isDuplicateKey } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';

export interface DayIndexEntry {
  /** partner:partnerTxnId */
  _id: string;
  partner: string;
  partnerTxnId: string;
  paymentId: string;
  customerCode: string;
  amount: number;
  paidAt: string;
  reversed: boolean;
}

/**
 * The payments of each business day (Asia/Ho_Chi_Minh, of paidAt), for reconciliation: one small
 * collection per day, so a day's payments are read without scanning every payment (FerretDB scans a
 * collection for any query but an _id lookup). Written after the payment's commit and again on every
 * retry of the request, so a crash in between is repaired by the partner's retry.
 */
export class PaymentDayIndex {
  constructor(private readonly connection: Connection) {}

  private day(date: string): mongo.Collection<DayIndexEntry> {
    return connectedDb(this.connection).collection<DayIndexEntry>(`payments_day_${date.replace(/-/g, '')}`);
  }

  async record(payment: PaymentAcceptedData, reversed: boolean): Promise<void> {
    const entry: DayIndexEntry = {
      _id: `${payment.partner}:${payment.partnerTxnId}`,
      partner: payment.partner,
      partnerTxnId: payment.partnerTxnId,
      paymentId: payment.paymentId,
      customerCode: payment.customerCode,
      amount: payment.amount,
      paidAt: payment.paidAt,
      reversed,
    };
    const collection = this.day(businessDay(payment.paidAt));
    try {
      await collection.insertOne(entry);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (reversed) await collection.updateOne({ _id: entry._id }, { $set: { reversed: true } });
    }
  }

  /** A partner's payments paid on a business day (YYYY-MM-DD). */
  forPartner(partner: string, date: string): Promise<DayIndexEntry[]> {
    return this.day(date).find({ partner }).toArray();
  }
}
