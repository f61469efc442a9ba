import type { Connection, mongo } from 'mongoose';
import {
  type BillCommand,
  type BillEvent,
  type BillState,
  type CreditCommand,
  type CreditEvent,
  type CreditState,
} from '@gridpay/billing/domain';
import { DomainError } from '@gridpay/shared/ddd';
import type { EventDataMap, KnownEvent } from '@gridpay/contracts';
import { CommandHandler, isDuplicateKey, type EventStore } from '@gridpay/shared/event-store';
import type { EventHandler } from '@gridpay/shared/messaging';
import { connectedDb } from '@gridpay/shared/mongo';
import { billStream, creditStream } from '../bills/bill.streams';
import type { BillQueries } from '../bills/bill.queries';
import type { CreditHolders } from './credit-holders';

export type SettlementIssueKind =
  'unknown-bill' | 'no-open-bill' | 'overpaid' | 'underpaid' | 'bill-cancelled';

/** A payment that did not fit its bill: kept for staff, never dropped. */
export interface SettlementIssue {
  _id: string;
  kind: SettlementIssueKind;
  paymentId: string;
  customerCode: string;
  billId?: string;
  amount: number;
  detail: string;
  at: string;
}

/**
 * How a payment was split over bills, stored before any bill is touched. A redelivered or resumed
 * payment follows the stored plan instead of allocating again over bills it may already have paid.
 */
interface PaymentPlan {
  _id: string;
  customerCode: string;
  parts: Array<{ billId: string; amount: number }>;
  /** Paid with no bill to take it: straight to customer credit. */
  creditOnly: number;
}

type PaymentReceived = EventDataMap['PaymentReceived'];
type PaymentReversed = EventDataMap['PaymentReversed'];

/**
 * Applies provider-integration's payments to bills (BillSettled goes out with each bill change) and
 * reverses them. Overpayment becomes customer credit; mismatches are recorded as settlement issues.
 * Every step is idempotent per payment id, so a redelivery or a crash half-way repeats nothing.
 */
export class SettlementHandler implements EventHandler {
  private readonly bills: CommandHandler<BillCommand, BillEvent, BillState>;
  private readonly credit: CommandHandler<CreditCommand, CreditEvent, CreditState>;

  constructor(
    store: EventStore,
    private readonly connection: Connection,
    private readonly creditHolders: CreditHolders,
    private readonly queries: BillQueries,
  ) {
    this.bills = new CommandHandler(store, billStream);
    this.credit = new CommandHandler(store, creditStream);
  }

  private get db(): mongo.Db {
    return connectedDb(this.connection);
  }

  private get plans(): mongo.Collection<PaymentPlan> {
    return this.db.collection<PaymentPlan>('payment_plans');
  }

  get issues(): mongo.Collection<SettlementIssue> {
    return this.db.collection<SettlementIssue>('settlement_issues');
  }

  async handle(events: KnownEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'PaymentReceived') await this.applyPayment(event.data, event.eventId);
      if (event.type === 'PaymentReversed') await this.reversePayment(event.data, event.eventId);
    }
  }

  private async planFor(payment: PaymentReceived): Promise<PaymentPlan> {
    const stored = await this.plans.findOne({ _id: payment.paymentId });
    if (stored) return stored;
    let plan: PaymentPlan;
    if (payment.appliedTo) {
      // provider-integration already split it over the bills it saw open; the rest is credit and
      // rides on the last bill paid, as below (an empty split is credit only).
      const parts = payment.appliedTo.map((part) => ({ billId: part.billId, amount: part.amount }));
      const left = payment.amount - parts.reduce((sum, part) => sum + part.amount, 0);
      if (left > 0 && parts.length > 0) parts[parts.length - 1].amount += left;
      plan = {
        _id: payment.paymentId,
        customerCode: payment.customerCode,
        parts,
        creditOnly: parts.length === 0 ? payment.amount : 0,
      };
    } else if (payment.billId) {
      plan = {
        _id: payment.paymentId,
        customerCode: payment.customerCode,
        parts: [{ billId: payment.billId, amount: payment.amount }],
        creditOnly: 0,
      };
    } else {
      const parts: PaymentPlan['parts'] = [];
      let left = payment.amount;
      for (const bill of await this.queries.openBills(payment.customerCode, payment.paidAt)) {
        if (left === 0) break;
        const part = Math.min(left, bill.outstanding);
        parts.push({ billId: bill.billId, amount: part });
        left -= part;
      }
      // Overpayment rides on the newest bill it paid (its PaymentApplied records the credit).
      if (left > 0 && parts.length > 0) parts[parts.length - 1].amount += left;
      plan = {
        _id: payment.paymentId,
        customerCode: payment.customerCode,
        parts,
        creditOnly: parts.length === 0 ? left : 0,
      };
    }
    try {
      await this.plans.insertOne(plan);
      return plan;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await this.plans.findOne({ _id: payment.paymentId }))!;
    }
  }

  private async applyPayment(payment: PaymentReceived, eventId: string): Promise<void> {
    const ctx = { correlationId: payment.paymentId, causationId: eventId, now: new Date() };
    const plan = await this.planFor(payment);
    let credit = plan.creditOnly;
    if (plan.creditOnly > 0) {
      await this.recordIssue(
        payment,
        'no-open-bill',
        undefined,
        plan.creditOnly,
        'no open bill: the payment is kept as customer credit',
      );
    }
    for (const part of plan.parts) {
      try {
        const { state } = await this.bills.handle(
          {
            type: 'ApplyPayment',
            billId: part.billId,
            paymentId: payment.paymentId,
            amount: part.amount,
            paidAt: payment.paidAt,
          },
          ctx,
        );
        const applied = state.payments[payment.paymentId];
        if (!applied) continue;
        credit += applied.credit;
        if (applied.credit > 0)
          await this.recordIssue(
            payment,
            'overpaid',
            part.billId,
            applied.credit,
            `paid ${applied.credit} more than the bill asked: kept as credit`,
          );
        else if (state.amountDue - state.paid > 0)
          await this.recordIssue(
            payment,
            'underpaid',
            part.billId,
            state.amountDue - state.paid,
            `bill still has ${state.amountDue - state.paid} outstanding`,
          );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const kind = error.code === 'bill-cancelled' ? 'bill-cancelled' : 'unknown-bill';
        await this.recordIssue(
          payment,
          kind,
          part.billId,
          part.amount,
          `${error.message}: kept as customer credit`,
        );
        credit += part.amount;
      }
    }
    if (credit > 0) {
      await this.credit.handle(
        {
          type: 'AddCredit',
          customerCode: payment.customerCode,
          paymentId: payment.paymentId,
          amount: credit,
          at: payment.paidAt,
        },
        ctx,
      );
      await this.creditHolders.add(payment.customerCode);
    }
  }

  private async reversePayment(reversal: PaymentReversed, eventId: string): Promise<void> {
    const ctx = { correlationId: reversal.paymentId, causationId: eventId, now: new Date() };
    const plan = await this.plans.findOne({ _id: reversal.paymentId });
    const billIds = plan ? plan.parts.map((part) => part.billId) : reversal.billId ? [reversal.billId] : [];
    for (const billId of billIds) {
      try {
        await this.bills.handle(
          {
            type: 'ReversePayment',
            billId,
            paymentId: reversal.paymentId,
            reason: reversal.reason,
            reversedAt: reversal.reversedAt,
          },
          ctx,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    await this.credit.handle(
      {
        type: 'WithdrawCredit',
        customerCode: reversal.customerCode,
        paymentId: reversal.paymentId,
        at: reversal.reversedAt,
      },
      ctx,
    );
  }

  private async recordIssue(
    payment: PaymentReceived,
    kind: SettlementIssueKind,
    billId: string | undefined,
    amount: number,
    detail: string,
  ): Promise<void> {
    try {
      await this.issues.insertOne({
        _id: `${payment.paymentId}:${kind}:${billId ?? '-'}`,
        kind,
        paymentId: payment.paymentId,
        customerCode: payment.customerCode,
        ...(billId ? { billId } : {}),
        amount,
        detail,
        at: payment.paidAt,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The recorded issues of a customer, or all (newest first). */
  async listIssues(customerCode?: string): Promise<SettlementIssue[]> {
    const docs = await this.issues.find(customerCode ? { customerCode } : {}).toArray();
    return docs.sort((a, b) => b.at.localeCompare(a.at));
  }
}
