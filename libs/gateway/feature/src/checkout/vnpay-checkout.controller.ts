import { Body, Controller, Get, Inject, Logger, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  buildVnpayPaymentUrl,
  isVnpaySuccess,
  verifyVnpaySignature,
  vnpayAmountDong,
  vnpayDate,
  VNPAY_IPN_REPLIES,
  type Channel,
  type VnpayIpnReply,
  type VnpayParams,
} from '@gridpay/partner-api';
import { uuidv7 } from '@gridpay/shared/ids';
import { validBody } from '../http/valid-body';
import { CheckoutService } from './checkout.service';
import { CHECKOUT_OPTIONS, type CheckoutOptions } from './checkout.options';
import { CheckoutRequestDto, VnpayCheckoutDto } from './checkout.dto';

const PAY_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** vnp_PayDate (yyyyMMddHHmmss, Asia/Ho_Chi_Minh) as an ISO instant with its offset. */
export function vnpayPaidAt(payDate: unknown, fallback: Date): string {
  const match = typeof payDate === 'string' ? PAY_DATE.exec(payDate) : null;
  if (!match) return fallback.toISOString();
  const [, y, mo, d, h, mi, s] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`;
  return Number.isNaN(Date.parse(iso)) ? fallback.toISOString() : iso;
}

/**
 * The channel a VNPay checkout is recorded under. The seeded `vnpay` partner offers MOBILE_BANKING,
 * INTERNET_BANKING and POS (no WALLET), and provider-integration refuses a channel the partner does
 * not offer: a VNPAY-QR payment is made in a bank's mobile app, a card or account payment on VNPay's
 * page is internet banking.
 */
export function vnpayChannel(cardType: unknown): Channel {
  return cardType === 'QRCODE' ? 'MOBILE_BANKING' : 'INTERNET_BANKING';
}

const one = (value: VnpayParams[string]) => (typeof value === 'string' ? value : undefined);

/**
 * VNPay v2.1.0 for the company's own web/app: a signed payment URL for one open bill, and the IPN
 * (server-to-server GET from VNPay, authenticated by vnp_SecureHash, never by partner headers).
 */
@ApiTags('wallet checkout')
@Controller('v1')
export class VnpayCheckoutController {
  private readonly logger = new Logger('Checkout');

  constructor(
    @Inject(CheckoutService) private readonly checkout: CheckoutService,
    @Inject(CHECKOUT_OPTIONS) private readonly options: CheckoutOptions,
  ) {}

  @Post('checkout/vnpay')
  @ApiOperation({
    summary: "VNPay payment URL for one open bill (the company's web/app; no partner signature)",
    description:
      'The amount is what is still owed on the bill. Send the customer to paymentUrl; VNPay then calls GET /v1/ipn/vnpay. 404 BILL_NOT_FOUND when the bill is not open.',
  })
  @ApiBody({ type: CheckoutRequestDto })
  @ApiResponse({ status: 201, type: VnpayCheckoutDto })
  async create(
    @Body(validBody(CheckoutRequestDto)) body: CheckoutRequestDto,
    @Req() request: Request,
  ): Promise<VnpayCheckoutDto> {
    const bill = await this.checkout.openBill(body.billId);
    const txnRef = uuidv7().replace(/-/g, '');
    const now = new Date();
    await this.checkout.orders.create({ _id: txnRef, wallet: 'vnpay', ...bill, createdAt: now });
    const expiresIn = (this.options.vnpayExpiresInMinutes ?? 15) * 60_000;
    const paymentUrl = buildVnpayPaymentUrl(this.options.vnpay, {
      txnRef,
      amountDong: bill.amount,
      orderInfo: `Thanh toan hoa don tien dien ${bill.billId}`,
      ipAddr: (request.ip ?? '127.0.0.1').replace(/^::ffff:/, ''),
      createDate: vnpayDate(now),
      expireDate: vnpayDate(new Date(now.getTime() + expiresIn)),
    });
    return { paymentUrl, txnRef, amount: bill.amount };
  }

  @Get('ipn/vnpay')
  @ApiOperation({
    summary: "VNPay's IPN (VNPay calls it; signed with vnp_SecureHash, HMAC-SHA512)",
    description:
      'Always HTTP 200 JSON { RspCode, Message }: 00 confirmed, 01 order not found, 02 order already confirmed, 04 invalid amount, 97 invalid checksum, 99 other (VNPay retries until 00 or 02).',
  })
  @ApiResponse({ status: 200, schema: { example: VNPAY_IPN_REPLIES.confirmed } })
  async ipn(@Query() params: VnpayParams): Promise<VnpayIpnReply> {
    try {
      return await this.handleIpn(params);
    } catch (error) {
      this.logger.error(`VNPay IPN ${String(params['vnp_TxnRef'])} failed: ${String(error)}`);
      return VNPAY_IPN_REPLIES.other;
    }
  }

  private async handleIpn(params: VnpayParams): Promise<VnpayIpnReply> {
    if (!verifyVnpaySignature(params, this.options.vnpay.hashSecret))
      return VNPAY_IPN_REPLIES.invalidChecksum;
    const txnRef = one(params['vnp_TxnRef']);
    if (one(params['vnp_TmnCode']) !== this.options.vnpay.tmnCode || !txnRef)
      return VNPAY_IPN_REPLIES.orderNotFound;
    const order = await this.checkout.orders.find(txnRef);
    if (!order || order.wallet !== 'vnpay') return VNPAY_IPN_REPLIES.orderNotFound;
    if (vnpayAmountDong(one(params['vnp_Amount'])) !== order.amount) return VNPAY_IPN_REPLIES.invalidAmount;
    const settled = await this.checkout.settle(order, {
      walletCode: `${String(params['vnp_ResponseCode'])}/${String(params['vnp_TransactionStatus'])}`,
      walletTxnId: one(params['vnp_TransactionNo']) ?? '',
      payment: isVnpaySuccess(params)
        ? {
            channel: vnpayChannel(params['vnp_CardType']),
            paidAt: vnpayPaidAt(params['vnp_PayDate'], new Date()),
          }
        : undefined,
    });
    if (settled === 'confirmed') return VNPAY_IPN_REPLIES.confirmed;
    if (settled === 'already-confirmed') return VNPAY_IPN_REPLIES.alreadyConfirmed;
    return VNPAY_IPN_REPLIES.other;
  }
}
