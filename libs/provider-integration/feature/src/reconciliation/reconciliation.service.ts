import { createHash } from 'node:crypto';
import type { Channel } from '@gridpay/partner-api';
import {
  mismatchKey,
  openMismatches,
  reconciliationDecider,
  reconciliationStreamId,
  type Mismatch,
  type ReconciliationCommand,
  type ReconciliationEvent,
  type ReconciliationState,
  type Resolution,
} from '@gridpay/payments/domain';
import { DomainError, fold } from '@gridpay/shared/ddd';
import { CommandHandler, type EventStore } from '@gridpay/shared/event-store';
import { httpError } from '../http-errors';
import type { PaymentDayIndex } from '../payments/payment-day-index';
import type { PaymentsService } from '../payments/payments.service';
import { reconcile, type PartnerLine, type ReconciliationReport } from './reconcile';
import { reconciliationStream } from './reconciliation.stream';

/** What the partner gets back: the comparison, and which run of the day it is. */
export interface ReconciliationAnswer extends ReconciliationReport {
  run: number;
  fileHash: string;
  /** The earlier file of the day this one replaced. */
  supersedes?: string;
}

export interface ReconciliationDay {
  partner: string;
  businessDate: string;
  run: number;
  fileHash: string;
  completedAt: string;
  matched: number;
  matchedAmount: number;
  open: Mismatch[];
  resolved: Array<Mismatch & { resolution: Resolution }>;
}

export interface ResolveRequest {
  action: 'note' | 'late-payment';
  note: string;
  resolvedBy: string;
  /** For a late payment: the channel it was paid through at the partner. */
  channel?: Channel;
}

type Recorded = NonNullable<ReconciliationState['current']>;

/** The same lines in any order are the same file. */
export function fileHashOf(lines: PartnerLine[]): string {
  const canonical = [...lines]
    .sort((a, b) => (a.partnerTxnId < b.partnerTxnId ? -1 : 1))
    .map((l) => `${l.partnerTxnId},${l.customerCode},${l.amount},${Date.parse(l.paidAt)}`)
    .join('\n');
  return createHash('sha256').update(canonical).digest('hex');
}

function mismatchesOf(report: ReconciliationReport): Mismatch[] {
  return [
    ...report.missingOurs.map((line): Mismatch => ({
      key: mismatchKey('missingOurs', line.partnerTxnId),
      kind: 'missingOurs',
      partnerTxnId: line.partnerTxnId,
      customerCode: line.customerCode,
      theirs: line.amount,
      paidAt: line.paidAt,
    })),
    ...report.missingTheirs.map((payment): Mismatch => ({
      key: mismatchKey('missingTheirs', payment.partnerTxnId),
      kind: 'missingTheirs',
      partnerTxnId: payment.partnerTxnId,
      customerCode: payment.customerCode,
      ours: payment.amount,
      paidAt: payment.paidAt,
      paymentId: payment.paymentId,
    })),
    ...report.amountDiffers.map((d): Mismatch => ({
      key: mismatchKey('amountDiffers', d.partnerTxnId),
      kind: 'amountDiffers',
      partnerTxnId: d.partnerTxnId,
      customerCode: d.customerCode,
      ours: d.ours,
      theirs: d.theirs,
    })),
  ];
}

/** The partner's view of a recorded run (rebuilt from what was stored, so a re-post answers the same). */
function answerOf(recorded: Recorded): ReconciliationAnswer {
  const of = (kind: Mismatch['kind']) => recorded.mismatches.filter((m) => m.kind === kind);
  return {
    matched: recorded.matched,
    missingOurs: of('missingOurs').map((m) => ({
      partnerTxnId: m.partnerTxnId,
      customerCode: m.customerCode,
      amount: m.theirs ?? 0,
      paidAt: m.paidAt ?? '',
    })),
    missingTheirs: of('missingTheirs').map((m) => ({
      partnerTxnId: m.partnerTxnId,
      customerCode: m.customerCode,
      amount: m.ours ?? 0,
      paidAt: m.paidAt ?? '',
      paymentId: m.paymentId ?? '',
    })),
    amountDiffers: of('amountDiffers').map((m) => ({
      partnerTxnId: m.partnerTxnId,
      customerCode: m.customerCode,
      ours: m.ours ?? 0,
      theirs: m.theirs ?? 0,
    })),
    run: recorded.run,
    fileHash: recorded.fileHash,
    ...(recorded.supersedes ? { supersedes: recorded.supersedes } : {}),
  };
}

/**
 * Daily reconciliation per partner: a file is compared with our payments of its business day and the
 * run recorded (ReconciliationCompleted); its mismatches stay open until an operator resolves them.
 */
export class ReconciliationService {
  private readonly handler: CommandHandler<ReconciliationCommand, ReconciliationEvent, ReconciliationState>;

  constructor(
    private readonly store: EventStore,
    private readonly dayIndex: PaymentDayIndex,
    private readonly payments: PaymentsService,
  ) {
    this.handler = new CommandHandler(store, reconciliationStream);
  }

  async state(partner: string, businessDate: string): Promise<ReconciliationState> {
    const { events } = await this.store.load<ReconciliationEvent>(
      reconciliationStreamId(partner, businessDate),
    );
    return fold(
      reconciliationDecider,
      events.map(({ type, data }) => ({ type, data }) as ReconciliationEvent),
    );
  }

  async reconcileFile(
    partner: string,
    businessDate: string,
    theirs: PartnerLine[],
    now = new Date(),
  ): Promise<ReconciliationAnswer> {
    const fileHash = fileHashOf(theirs);
    const before = await this.state(partner, businessDate);
    // The same file again: the run recorded for it, not a new comparison.
    if (before.current?.fileHash === fileHash) return answerOf(before.current);
    const ours = (await this.dayIndex.forPartner(partner, businessDate))
      .filter((entry) => !entry.reversed)
      .map(({ partnerTxnId, customerCode, amount, paidAt, paymentId }) => ({
        partnerTxnId,
        customerCode,
        amount,
        paidAt,
        paymentId,
      }));
    const report = reconcile(ours, theirs);
    const byId = new Map(theirs.map((line) => [line.partnerTxnId, line]));
    const missing = new Set(report.missingOurs.map((l) => l.partnerTxnId));
    const differs = new Set(report.amountDiffers.map((d) => d.partnerTxnId));
    const matchedAmount = [...byId.values()]
      .filter((l) => !missing.has(l.partnerTxnId) && !differs.has(l.partnerTxnId))
      .reduce((sum, l) => sum + l.amount, 0);
    const result = await this.handler.handle(
      {
        type: 'RecordReconciliation',
        partner,
        businessDate,
        fileHash,
        matched: report.matched,
        matchedAmount,
        mismatches: mismatchesOf(report),
        completedAt: now.toISOString(),
      },
      { correlationId: `${partner}:${businessDate}:${fileHash.slice(0, 16)}`, now },
    );
    if (!result.state.current) throw new Error('reconciliation missing after recording');
    return answerOf(result.state.current);
  }

  async day(partner: string, businessDate: string): Promise<ReconciliationDay> {
    const state = await this.state(partner, businessDate);
    if (!state.current)
      throw httpError(404, 'RECONCILIATION_NOT_FOUND', `no file from ${partner} for ${businessDate}`, 'date');
    const resolutions = new Map(state.resolutions.map((r) => [r.key, r]));
    return {
      partner,
      businessDate,
      run: state.current.run,
      fileHash: state.current.fileHash,
      completedAt: state.current.completedAt,
      matched: state.current.matched,
      matchedAmount: state.current.matchedAmount,
      open: openMismatches(state),
      resolved: state.current.mismatches
        .filter((m) => resolutions.has(m.key))
        .map((m) => ({ ...m, resolution: resolutions.get(m.key) as Resolution })),
    };
  }

  /** The days of a range (at most 62) with mismatches still open, oldest first. */
  async openDays(
    partner: string,
    from: string,
    to: string,
  ): Promise<Array<{ businessDate: string; open: Mismatch[] }>> {
    const days: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
      days.push(new Date(t).toISOString().slice(0, 10));
    if (days.length === 0 || days.length > 62)
      throw httpError(400, 'VALIDATION_FAILED', 'from..to must span 1 to 62 days', 'to');
    const states = await Promise.all(days.map((date) => this.state(partner, date)));
    return days
      .map((businessDate, i) => ({ businessDate, open: openMismatches(states[i]) }))
      .filter((day) => day.open.length > 0);
  }

  /** An operator closes a mismatch: with a note, or (missing on our side) by posting the late payment. */
  async resolve(
    partner: string,
    businessDate: string,
    key: string,
    request: ResolveRequest,
    now = new Date(),
  ): Promise<ReconciliationDay> {
    const state = await this.state(partner, businessDate);
    const mismatch = state.current?.mismatches.find((m) => m.key === key);
    if (!mismatch)
      throw httpError(404, 'MISMATCH_NOT_FOUND', `no mismatch ${key} in the current file`, 'key');
    let paymentId: string | undefined;
    if (request.action === 'late-payment') {
      if (mismatch.kind !== 'missingOurs')
        throw httpError(
          422,
          'INVALID_RESOLUTION',
          'only a payment missing on our side can be posted late',
          'action',
        );
      if (!request.channel)
        throw httpError(400, 'VALIDATION_FAILED', 'a late payment needs its channel', 'channel');
      // The partner's own transaction id: posting it twice is the same payment.
      const { body } = await this.payments.accept(
        {
          partner,
          partnerTxnId: mismatch.partnerTxnId,
          customerCode: mismatch.customerCode,
          amount: mismatch.theirs ?? 0,
          channel: request.channel,
          paidAt: mismatch.paidAt ?? now.toISOString(),
        },
        now,
      );
      paymentId = body.paymentId;
    }
    try {
      await this.handler.handle(
        {
          type: 'ResolveMismatch',
          partner,
          businessDate,
          key,
          action: request.action,
          note: request.note,
          resolvedBy: request.resolvedBy,
          resolvedAt: now.toISOString(),
          ...(paymentId ? { paymentId } : {}),
        },
        { correlationId: `${partner}:${businessDate}:${key}`, now },
      );
    } catch (error) {
      if (error instanceof DomainError)
        throw httpError(422, error.code.toUpperCase().replace(/-/g, '_'), error.message);
      throw error;
    }
    return this.day(partner, businessDate);
  }
}
