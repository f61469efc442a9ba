import type { Logger } from '@nestjs/common';
import type { KnownEvent } from '@gridpay/contracts';
import {
  debitAttemptId,
  debitDecider,
  debitStreamId,
  openAttempt,
  paymentRequestHash,
  retryAfterFailure,
  type DebitCommand,
  type DebitEvent,
  type DebitOutcome,
  type DebitState,
  type PaymentEvent,
  type PaymentState,
  type RetryPolicy,
} from '@gridpay/payments/domain';
import { DomainError, fold } from '@gridpay/shared/ddd';
import { CommandHandler, type EventStore } from '@gridpay/shared/event-store';
import { uuidv7 } from '@gridpay/shared/ids';
import type { EventHandler } from '@gridpay/shared/messaging';
import type { OpenBills } from '../open-bills/open-bills';
import type { PaymentDayIndex } from '../payments/payment-day-index';
import { paymentStream, type PaymentStreamCommand } from '../payments/payment.stream';
import type { BankAdapter, BankAnswer } from './bank-adapter';
import { debitStream, type DebitStreamCommand } from './debit.stream';
import { DueQueue, type DueEntry } from './due-queue';
import type { MandatesService } from './mandates.service';

export interface AutoDebitSettings {
  /** How long after an unknown outcome the bank is asked for the debit's status. */
  checkAfterMs: number;
  /** Bills handled at once in a consumer batch or a scheduler round. */
  concurrency: number;
  /** When a failed debit is tried again (default: DEBIT_RETRY_POLICY). */
  retryPolicy?: RetryPolicy;
}

type Known = Exclude<DebitState, { status: 'none' }>;

/** Runs `work` over items, at most `limit` at a time. */
export async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}

/**
 * Auto-debit of bills: BillIssued of a customer with an active mandate requests a debit and queues
 * attempt 1; the scheduler runs what is due (`runDue`). Each attempt is recorded in the bill's debit
 * stream before the bank is called, under a key the bank dedupes on; an attempt whose outcome is not
 * known is resolved from the bank's status by that key and never sent as a new debit.
 */
export class AutoDebitService implements EventHandler {
  private readonly debits: CommandHandler<DebitStreamCommand, DebitEvent, DebitState>;
  private readonly payments: CommandHandler<PaymentStreamCommand, PaymentEvent, PaymentState>;

  constructor(
    private readonly store: EventStore,
    private readonly mandates: MandatesService,
    private readonly bank: BankAdapter,
    readonly queue: DueQueue,
    private readonly openBills: OpenBills,
    private readonly dayIndex: PaymentDayIndex,
    private readonly clock: () => Date,
    private readonly settings: AutoDebitSettings,
    private readonly logger?: Pick<Logger, 'warn' | 'log'>,
  ) {
    this.debits = new CommandHandler(store, debitStream(settings.retryPolicy));
    this.payments = new CommandHandler(store, paymentStream);
  }

  async state(billId: string): Promise<DebitState> {
    const { events } = await this.store.load<DebitEvent>(debitStreamId(billId));
    return fold(
      debitDecider,
      events.map(({ type, data }) => ({ type, data }) as DebitEvent),
    );
  }

  /** The consumer of billing's events: one bill's events in order, different bills side by side. */
  async handle(events: KnownEvent[]): Promise<void> {
    const byBill = new Map<string, KnownEvent[]>();
    for (const event of events) {
      if (event.type !== 'BillIssued' && event.type !== 'BillSettled') continue;
      byBill.set(event.data.billId, [...(byBill.get(event.data.billId) ?? []), event]);
    }
    await inPool([...byBill.values()], this.settings.concurrency, async (list) => {
      for (const event of list) {
        if (event.type === 'BillIssued') await this.onBillIssued(event);
        else if (event.type === 'BillSettled' && event.data.status === 'paid') await this.onBillPaid(event);
      }
    });
  }

  private async onBillIssued(event: Extract<KnownEvent, { type: 'BillIssued' }>): Promise<void> {
    const { billId, customerCode, period, amountDue } = event.data;
    if (amountDue <= 0) return;
    const mandate = await this.mandates.active(customerCode);
    if (!mandate) return;
    const now = this.clock();
    const result = await this.debits.handle(
      {
        type: 'RequestDebit',
        billId,
        customerCode,
        period,
        amount: amountDue,
        mandateId: mandate.mandateId,
        partner: mandate.partner,
        accountRef: mandate.accountRef,
        runId: event.correlationId,
        requestedAt: now.toISOString(),
        dueAt: now.toISOString(),
      },
      { correlationId: event.correlationId, causationId: event.eventId, now },
    );
    // Queued again on a redelivery: the same id, so still one entry.
    if (result.state.status !== 'none' && result.state.next)
      await this.queue.add({
        billId,
        customerCode,
        attempt: result.state.next.attempt,
        dueAt: result.state.next.dueAt,
      });
  }

  private async onBillPaid(event: Extract<KnownEvent, { type: 'BillSettled' }>): Promise<void> {
    const state = await this.state(event.data.billId);
    if (state.status === 'none') return;
    const now = this.clock();
    await this.debits.handle(
      {
        type: 'CancelDebit',
        billId: event.data.billId,
        customerCode: event.data.customerCode,
        reason: `bill paid (${event.data.paymentId})`,
        cancelledAt: now.toISOString(),
      },
      { correlationId: state.request.runId, causationId: event.eventId, now },
    );
  }

  /** One scheduler round: everything due now, earliest first. Returns how many entries it handled. */
  async runDue(limit = 500): Promise<number> {
    const entries = await this.queue.due(this.clock(), limit);
    const byBill = new Map<string, DueEntry[]>();
    for (const entry of entries) byBill.set(entry.billId, [...(byBill.get(entry.billId) ?? []), entry]);
    await inPool([...byBill.values()], this.settings.concurrency, async (list) => {
      for (const entry of list) {
        try {
          await this.work(entry);
          await this.queue.remove(entry._id);
        } catch (error) {
          // Left queued: the next round tries again.
          this.logger?.warn(`debit of ${entry.billId} attempt ${entry.attempt}: ${(error as Error).message}`);
        }
      }
    });
    return entries.length;
  }

  private async work(entry: DueEntry): Promise<void> {
    let state = await this.state(entry.billId);
    if (state.status === 'none') return;
    const now = this.clock();
    let startedNow = false;
    if (state.next && state.next.attempt === entry.attempt) {
      if (state.next.dueAt > now.toISOString()) return;
      const amount = await this.amountToDebit(state);
      if (amount === 0) {
        await this.execute(state, {
          type: 'CancelDebit',
          billId: entry.billId,
          reason: 'nothing left to pay on the bill',
          cancelledAt: now.toISOString(),
        });
        return;
      }
      try {
        const result = await this.execute(state, {
          type: 'StartAttempt',
          billId: entry.billId,
          attempt: entry.attempt,
          amount,
          startedAt: now.toISOString(),
        });
        startedNow = result.events.length > 0;
        state = result.state as Known;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        state = await this.state(entry.billId);
      }
    }
    if (state.status === 'none') return;
    const open = openAttempt(state);
    if (!open || open.attempt !== entry.attempt) return;
    const request = {
      idempotencyKey: open.attemptId,
      bank: state.request.partner,
      accountRef: state.request.accountRef,
      amount: open.amount,
      customerCode: state.request.customerCode,
      billId: state.request.billId,
    };
    let answer: BankAnswer;
    if (startedNow) answer = await this.bank.debit(request);
    else {
      // Started before (a crash, a timeout): the bank's record decides. Sending the same key again is
      // safe only because the bank dedupes on it; it is done only when the bank never got the first.
      answer = await this.bank.status(open.attemptId);
      if (answer.kind === 'not-found') answer = await this.bank.debit(request);
    }
    await this.record(state, open.attempt, answer);
  }

  /** Attempt 1 debits what the bill asked; a retry what is still owed on it now. */
  private async amountToDebit(state: Known): Promise<number> {
    if (state.next?.attempt === 1) return state.request.amount;
    const open = await this.openBills.forAllocation(state.request.customerCode);
    // Not "nothing owed": the projection has not caught up with billing yet. Left queued, tried again.
    if (open === undefined)
      throw new Error(`open bills do not know ${state.request.customerCode} yet; the retry waits`);
    return open.find((bill) => bill.billId === state.request.billId)?.amountDue ?? 0;
  }

  private execute(state: Known, command: DebitCommand) {
    const now = this.clock();
    return this.debits.handle(
      { ...command, customerCode: state.request.customerCode } as DebitStreamCommand,
      {
        correlationId: state.request.runId,
        now,
      },
    );
  }

  private async record(state: Known, attempt: number, answer: BankAnswer): Promise<void> {
    const now = this.clock();
    let outcome: DebitOutcome;
    switch (answer.kind) {
      case 'succeeded': {
        const paymentId = await this.recordPayment(state, attempt, answer.debitedAt);
        outcome = {
          kind: 'succeeded',
          bankReference: answer.bankReference,
          debitedAt: answer.debitedAt,
          paymentId,
        };
        break;
      }
      case 'failed':
        // Suspended before the failure is recorded: a crash in between finds the failure again at the bank.
        if (
          retryAfterFailure(answer.reasonCode, attempt, now.toISOString(), this.settings.retryPolicy)
            .suspendMandate
        )
          await this.mandates.suspend(
            state.request.customerCode,
            state.request.mandateId,
            answer.reasonCode,
            now,
          );
        outcome = {
          kind: 'failed',
          reasonCode: answer.reasonCode,
          reason: answer.reason,
          failedAt: now.toISOString(),
        };
        break;
      default: {
        const checkAt = new Date(now.getTime() + this.settings.checkAfterMs).toISOString();
        outcome = {
          kind: 'unknown',
          reason: answer.kind === 'unknown' ? answer.reason : 'not found at the bank',
          at: now.toISOString(),
          checkAt,
        };
        await this.queue.add({
          billId: state.request.billId,
          customerCode: state.request.customerCode,
          attempt,
          dueAt: checkAt,
        });
      }
    }
    const result = await this.execute(state, {
      type: 'RecordOutcome',
      billId: state.request.billId,
      attempt,
      outcome,
    });
    for (const event of result.events) {
      if (event.type !== 'DebitAttemptFailed') continue;
      const failure = event.data as Extract<DebitEvent, { type: 'DebitAttemptFailed' }>['data'];
      if (failure.suspendMandate)
        await this.mandates.suspend(
          state.request.customerCode,
          state.request.mandateId,
          failure.reasonCode,
          now,
        );
      if (failure.willRetry && failure.nextAttemptAt)
        await this.queue.add({
          billId: state.request.billId,
          customerCode: state.request.customerCode,
          attempt: attempt + 1,
          dueAt: failure.nextAttemptAt,
        });
    }
    if (result.events.length === 0 && result.state.status === 'scheduled' && result.state.next)
      // Decided before by a run that died before queueing the retry.
      await this.queue.add({
        billId: state.request.billId,
        customerCode: state.request.customerCode,
        attempt: result.state.next.attempt,
        dueAt: result.state.next.dueAt,
      });
  }

  /**
   * The money the bank took, as a payment through the Payment aggregate (billing settles the bill from
   * its PaymentReceived). Its stream is keyed by the attempt id, so recording it again after a crash
   * finds it there.
   */
  private async recordPayment(state: Known, attempt: number, debitedAt: string): Promise<string> {
    const partnerTxnId = debitAttemptId(state.request.billId, attempt);
    const amount = state.attempts.find((a) => a.attempt === attempt)?.amount ?? state.request.amount;
    const content = {
      customerCode: state.request.customerCode,
      billIds: [state.request.billId],
      amount,
      channel: 'AUTO_DEBIT' as const,
      paidAt: debitedAt,
    };
    const now = this.clock();
    const result = await this.payments.handle(
      {
        type: 'AcceptPayment',
        paymentId: uuidv7(),
        partner: state.request.partner,
        partnerTxnId,
        ...content,
        requestHash: paymentRequestHash(content),
        openBills: [{ billId: state.request.billId, period: state.request.period, amountDue: amount }],
        acceptedAt: now.toISOString(),
      },
      { correlationId: state.request.runId, now },
    );
    if (result.state.status === 'none') throw new Error(`payment ${partnerTxnId} missing after accepting`);
    await this.dayIndex.record(result.state.payment, result.state.status === 'reversed');
    return result.state.payment.paymentId;
  }
}
