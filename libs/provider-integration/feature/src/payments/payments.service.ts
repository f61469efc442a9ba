import type { Channel } from '@gridpay/partner-api';
import {
  paymentDecider,
  paymentRequestHash,
  paymentStreamId,
  type PaymentAcceptedData,
  type PaymentEvent,
  type PaymentState,
} from '@gridpay/payments/domain';
import { fold } from '@gridpay/shared/ddd';
import { CommandHandler, type EventStore } from '@gridpay/shared/event-store';
import { uuidv7 } from '@gridpay/shared/ids';
import { httpError, orHttpError } from '../http-errors';
import type { OpenBills } from '../open-bills/open-bills';
import type { PartnerRegistry } from '../partners/partner-registry';
import type { PaymentDayIndex } from './payment-day-index';
import { paymentStream, type PaymentStreamCommand } from './payment.stream';

export interface AcceptPaymentRequest {
  partner: string;
  partnerTxnId: string;
  customerCode: string;
  billIds?: string[];
  amount: number;
  channel: Channel;
  paidAt: string;
}

/** The answer to a payment request; a retry of the same request gets exactly this body again. */
export interface PaymentAcceptance {
  paymentId: string;
  partnerTxnId: string;
  status: 'ACCEPTED';
  appliedTo: Array<{ billId: string; amount: number }>;
  credit: number;
}

export interface PaymentView {
  paymentId: string;
  partnerTxnId: string;
  customerCode: string;
  billIds?: string[];
  amount: number;
  channel: Channel;
  paidAt: string;
  status: 'ACCEPTED' | 'REVERSED';
  appliedTo: Array<{ billId: string; amount: number }>;
  credit: number;
  acceptedAt: string;
  reversedAt?: string;
}

function acceptance(payment: PaymentAcceptedData): PaymentAcceptance {
  return {
    paymentId: payment.paymentId,
    partnerTxnId: payment.partnerTxnId,
    status: 'ACCEPTED',
    appliedTo: payment.appliedTo,
    credit: payment.credit,
  };
}

function view(state: Exclude<PaymentState, { status: 'none' }>): PaymentView {
  const { payment } = state;
  return {
    paymentId: payment.paymentId,
    partnerTxnId: payment.partnerTxnId,
    customerCode: payment.customerCode,
    ...(payment.billIds ? { billIds: payment.billIds } : {}),
    amount: payment.amount,
    channel: payment.channel,
    paidAt: payment.paidAt,
    status: state.status === 'reversed' ? 'REVERSED' : 'ACCEPTED',
    appliedTo: payment.appliedTo,
    credit: payment.credit,
    acceptedAt: payment.acceptedAt,
    ...(state.reversedAt ? { reversedAt: state.reversedAt } : {}),
  };
}

/**
 * Accept, read and reverse partners' payments: the Payment aggregate (one stream per partner
 * transaction) over the open-bills projection. Errors come out in the partner API's shape.
 */
export class PaymentsService {
  private readonly handler: CommandHandler<PaymentStreamCommand, PaymentEvent, PaymentState>;

  constructor(
    private readonly store: EventStore,
    private readonly partners: PartnerRegistry,
    private readonly openBills: OpenBills,
    private readonly dayIndex: PaymentDayIndex,
  ) {
    this.handler = new CommandHandler(store, paymentStream);
  }

  private async load(partner: string, partnerTxnId: string): Promise<PaymentState> {
    const { events } = await this.store.load<PaymentEvent>(paymentStreamId(partner, partnerTxnId));
    return fold(
      paymentDecider,
      events.map(({ type, data }) => ({ type, data }) as PaymentEvent),
    );
  }

  /** `created` is false when the same request was accepted before (the caller answers 200, not 201). */
  async accept(
    request: AcceptPaymentRequest,
    now = new Date(),
  ): Promise<{ created: boolean; body: PaymentAcceptance }> {
    const partner = await this.partners.get(request.partner);
    if (partner.status === 'unregistered')
      throw httpError(404, 'PARTNER_NOT_FOUND', `no partner ${request.partner}`, 'partner');
    if (partner.status === 'disabled')
      throw httpError(403, 'PARTNER_DISABLED', `partner ${request.partner} is disabled`);
    if (!partner.channels.includes(request.channel))
      throw httpError(
        400,
        'VALIDATION_FAILED',
        `channel must be one of this partner's channels: ${partner.channels.join(', ')}`,
        'channel',
      );
    // A known transaction is decided on its stored content alone (same → replay, other → conflict).
    const existing = await this.load(request.partner, request.partnerTxnId);
    let openBills: Awaited<ReturnType<OpenBills['forAllocation']>> = [];
    if (existing.status === 'none') {
      openBills = await this.openBills.forAllocation(request.customerCode);
      if (!openBills)
        throw httpError(404, 'CUSTOMER_NOT_FOUND', `no customer ${request.customerCode}`, 'customerCode');
    }
    const content = {
      customerCode: request.customerCode,
      billIds: request.billIds,
      amount: request.amount,
      channel: request.channel,
      paidAt: request.paidAt,
    };
    const paymentId = uuidv7();
    const result = await orHttpError(
      this.handler.handle(
        {
          type: 'AcceptPayment',
          paymentId,
          partner: request.partner,
          partnerTxnId: request.partnerTxnId,
          ...content,
          ...(request.billIds && request.billIds.length > 0 ? { billIds: [...request.billIds] } : {}),
          requestHash: paymentRequestHash(content),
          openBills,
          acceptedAt: now.toISOString(),
        },
        { correlationId: paymentId, now },
      ),
    );
    if (result.state.status === 'none') throw new Error('payment stream empty after accepting');
    await this.dayIndex.record(result.state.payment, result.state.status === 'reversed');
    return { created: result.events.length > 0, body: acceptance(result.state.payment) };
  }

  async get(partner: string, partnerTxnId: string): Promise<PaymentView> {
    const state = await this.load(partner, partnerTxnId);
    if (state.status === 'none')
      throw httpError(404, 'PAYMENT_NOT_FOUND', `no payment ${partnerTxnId}`, 'partnerTxnId');
    return view(state);
  }

  /** Same business day only (422 REVERSAL_WINDOW_CLOSED after); reversing twice answers the same. */
  async reverse(
    partner: string,
    partnerTxnId: string,
    reason: string,
    now = new Date(),
  ): Promise<{ status: 'REVERSED' }> {
    const state = await this.load(partner, partnerTxnId);
    if (state.status === 'none')
      throw httpError(404, 'PAYMENT_NOT_FOUND', `no payment ${partnerTxnId}`, 'partnerTxnId');
    const result = await orHttpError(
      this.handler.handle(
        {
          type: 'ReversePayment',
          partner,
          partnerTxnId,
          reason,
          reversedAt: now.toISOString(),
          customerCode: state.payment.customerCode,
        },
        { correlationId: state.payment.paymentId, now },
      ),
    );
    if (result.state.status !== 'none') await this.dayIndex.record(result.state.payment, true);
    return { status: 'REVERSED' };
  }
}
