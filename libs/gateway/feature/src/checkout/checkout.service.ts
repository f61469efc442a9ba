import { HttpException, Logger } from '@nestjs/common';
import { apiError } from '@gridpay/partner-api';
import { ProviderIntegrationClient } from '../http/provider-integration.client';
import { CheckoutOrders, type CheckoutOrder, type CheckoutOutcome } from './checkout-orders';
import { WALLET_PARTNERS } from './checkout.options';

/** How an IPN that passed the wallet's signature check ended. */
export type Settlement =
  | 'confirmed' // this IPN decided the order (paid and recorded, or failed)
  | 'already-confirmed' // an earlier IPN decided it: nothing more happens
  | 'not-recorded'; // paid, but provider-integration did not take the payment yet: the wallet must retry

interface OpenBill {
  billId: string;
  amountDue: number;
}

/**
 * The wallet checkout's use cases shared by VNPay and MoMo: open an order for one open bill at its
 * amount due, and settle an order from the wallet's IPN as a payment through provider-integration
 * (partner vnpay/momo, partnerTxnId = the order id, so a retried IPN records nothing twice).
 */
export class CheckoutService {
  private readonly logger = new Logger('Checkout');

  constructor(
    readonly orders: CheckoutOrders,
    private readonly upstream: ProviderIntegrationClient,
  ) {}

  /** The open bill's customer and amount still owed (from the inquiry); 404 when it is not open. */
  async openBill(billId: string): Promise<{ billId: string; customerCode: string; amount: number }> {
    const customerCode = billId.slice(0, 13);
    const answer = await this.upstream.call<{ bills?: OpenBill[] }>(
      'GET',
      `/internal/bills?customerCode=${encodeURIComponent(customerCode)}`,
    );
    if (answer.status >= 500)
      throw new HttpException(apiError('UPSTREAM_ERROR', 'bill lookup failed; retry later'), 502);
    const bill = answer.status === 200 ? answer.body.bills?.find((b) => b.billId === billId) : undefined;
    if (!bill || bill.amountDue <= 0)
      throw new HttpException(apiError('BILL_NOT_FOUND', `no open bill ${billId}`, 'billId'), 404);
    return { billId, customerCode, amount: bill.amountDue };
  }

  /**
   * Settles an order whose IPN is genuine and matches it: PAID when the IPN carries the payment, else
   * FAILED. The first IPN's outcome is stored before anything else; a PAID outcome is then recorded as
   * a payment with the stored content, also when an earlier attempt stopped half-way (the wallet
   * retries until we confirm).
   */
  async settle(
    order: CheckoutOrder,
    ipn: Pick<CheckoutOutcome, 'walletCode' | 'walletTxnId' | 'payment'>,
  ): Promise<Settlement> {
    const decided = await this.orders.decide({
      _id: order._id,
      wallet: order.wallet,
      result: ipn.payment ? 'PAID' : 'FAILED',
      walletCode: ipn.walletCode,
      walletTxnId: ipn.walletTxnId,
      ...(ipn.payment ? { payment: ipn.payment } : {}),
      recorded: false,
      at: new Date(),
    });
    const holds = decided.outcome;
    if (holds.result === 'FAILED' || holds.recorded) return decided.first ? 'confirmed' : 'already-confirmed';
    if (!holds.payment) throw new Error(`paid outcome ${holds._id} without its payment`);
    const answer = await this.upstream.call<unknown>('POST', '/internal/payments', {
      json: {
        partner: WALLET_PARTNERS[order.wallet],
        partnerTxnId: order._id,
        customerCode: order.customerCode,
        billIds: [order.billId],
        amount: order.amount,
        channel: holds.payment.channel,
        paidAt: holds.payment.paidAt,
      },
    });
    if (answer.status !== 201 && answer.status !== 200) {
      this.logger.error(
        `${order.wallet} order ${order._id} paid at the wallet but provider-integration answered ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
      return 'not-recorded';
    }
    await this.orders.markRecorded(order._id);
    // A 200 means an earlier IPN had recorded it and stopped before marking the order.
    return decided.first || answer.status === 201 ? 'confirmed' : 'already-confirmed';
  }
}
