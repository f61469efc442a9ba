import type { Connection, mongo } from 'mongoose';
import type { Channel } from '@gridpay/partner-api';
import { isDuplicateKey } from '@gridpay/shared/event-store';
import { connectedDb } from '@gridpay/shared/mongo';
import type { Wallet } from './checkout.options';

/** What the customer was asked to pay; written once at checkout, never changed. */
export interface CheckoutOrder {
  /** vnp_TxnRef or MoMo orderId; also the payment's partnerTxnId. */
  _id: string;
  wallet: Wallet;
  billId: string;
  customerCode: string;
  amount: number;
  /** MoMo's requestId of the create call. */
  requestId?: string;
  createdAt: Date;
}

/** The wallet's final word on an order: the first IPN that decided it wins (insert-first). */
export interface CheckoutOutcome {
  _id: string;
  wallet: Wallet;
  result: 'PAID' | 'FAILED';
  /** vnp_ResponseCode/vnp_TransactionStatus or MoMo resultCode. */
  walletCode: string;
  /** vnp_TransactionNo or MoMo transId. */
  walletTxnId: string;
  /** For PAID: the payment recorded in provider-integration (the same on every retry). */
  payment?: { channel: Channel; paidAt: string };
  /** True once provider-integration accepted the payment. */
  recorded: boolean;
  at: Date;
}

/**
 * Checkout orders and their outcomes in the gateway's own database. Both are insert-only with
 * _id = txnRef/orderId, so two IPNs racing each other cannot both decide an order; `recorded` is only
 * ever set to true (an idempotent write), never raced on a counter or a version.
 */
export class CheckoutOrders {
  constructor(private readonly connection: Connection) {}

  private get orders(): mongo.Collection<CheckoutOrder> {
    return connectedDb(this.connection).collection<CheckoutOrder>('checkout_orders');
  }

  private get outcomes(): mongo.Collection<CheckoutOutcome> {
    return connectedDb(this.connection).collection<CheckoutOutcome>('checkout_outcomes');
  }

  async create(order: CheckoutOrder): Promise<void> {
    await this.orders.insertOne(order);
  }

  async find(id: string): Promise<CheckoutOrder | undefined> {
    return (await this.orders.findOne({ _id: id })) ?? undefined;
  }

  async outcome(id: string): Promise<CheckoutOutcome | undefined> {
    return (await this.outcomes.findOne({ _id: id })) ?? undefined;
  }

  /** Records the outcome unless one exists; answers the outcome that holds and whether it is ours. */
  async decide(outcome: CheckoutOutcome): Promise<{ outcome: CheckoutOutcome; first: boolean }> {
    try {
      await this.outcomes.insertOne(outcome);
      return { outcome, first: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.outcome(outcome._id);
      if (!existing) throw error;
      return { outcome: existing, first: false };
    }
  }

  async markRecorded(id: string): Promise<void> {
    await this.outcomes.updateOne({ _id: id }, { $set: { recorded: true } });
  }
}
