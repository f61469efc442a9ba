import { Body, Controller, HttpCode, HttpException, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  apiError,
  buildMomoCreateRequest,
  isMomoSuccess,
  MOMO_CREATE_PATH,
  MOMO_RESULT_CODES,
  verifyMomoIpn,
  type MomoIpnBody,
} from '@gridpay/partner-api';
import { uuidv7 } from '@gridpay/shared/ids';
import { validBody } from '../http/valid-body';
import { CheckoutRequestDto, MomoCheckoutDto } from './checkout.dto';
import { CheckoutService } from './checkout.service';
import { CHECKOUT_OPTIONS, type CheckoutOptions } from './checkout.options';

const NOT_FINAL: readonly number[] = [MOMO_RESULT_CODES.authorized, ...MOMO_RESULT_CODES.pending];

const fail = (status: number, code: string, message: string, field?: string) =>
  new HttpException(apiError(code, message, field), status);

/**
 * MoMo AIO v2 (captureWallet) for the company's own web/app: the order is created at MoMo from the
 * server, and MoMo's IPN (JSON POST, HMAC-SHA256 signature, never partner headers) settles it.
 */
@ApiTags('wallet checkout')
@Controller('v1')
export class MomoCheckoutController {
  private readonly logger = new Logger('Checkout');

  constructor(
    @Inject(CheckoutService) private readonly checkout: CheckoutService,
    @Inject(CHECKOUT_OPTIONS) private readonly options: CheckoutOptions,
  ) {}

  @Post('checkout/momo')
  @ApiOperation({
    summary: "MoMo payment page for one open bill (the company's web/app; no partner signature)",
    description:
      'Creates the order at MoMo (POST /v2/gateway/api/create) for what is still owed on the bill; send the customer to payUrl. MoMo then POSTs its IPN to /v1/ipn/momo. 404 BILL_NOT_FOUND when the bill is not open, 503 WALLET_UNAVAILABLE when MoMo does not create the order.',
  })
  @ApiBody({ type: CheckoutRequestDto })
  @ApiResponse({ status: 201, type: MomoCheckoutDto })
  async create(@Body(validBody(CheckoutRequestDto)) body: CheckoutRequestDto): Promise<MomoCheckoutDto> {
    const bill = await this.checkout.openBill(body.billId);
    const orderId = uuidv7().replace(/-/g, '');
    const requestId = uuidv7().replace(/-/g, '');
    // The order exists before MoMo knows it: an IPN can never arrive for an order we lack.
    await this.checkout.orders.create({
      _id: orderId,
      wallet: 'momo',
      ...bill,
      requestId,
      createdAt: new Date(),
    });
    const signed = buildMomoCreateRequest(this.options.momo, {
      orderId,
      requestId,
      amount: bill.amount,
      orderInfo: `Thanh toan hoa don tien dien ${bill.billId}`,
    });
    let answer: { resultCode?: unknown; payUrl?: unknown; message?: unknown };
    try {
      const response = await fetch(this.options.momo.endpoint.replace(/\/$/, '') + MOMO_CREATE_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signed),
        signal: AbortSignal.timeout(this.options.walletTimeoutMs ?? 10_000),
      });
      answer = (await response.json()) as typeof answer;
    } catch (error) {
      this.logger.warn(`MoMo create for ${orderId} failed: ${String(error)}`);
      throw fail(503, 'WALLET_UNAVAILABLE', 'MoMo did not answer; try again');
    }
    if (answer.resultCode !== 0 || typeof answer.payUrl !== 'string') {
      this.logger.warn(
        `MoMo refused order ${orderId}: ${String(answer.resultCode)} ${String(answer.message)}`,
      );
      throw fail(503, 'WALLET_UNAVAILABLE', 'MoMo did not create the order; try again');
    }
    return { orderId, requestId, amount: bill.amount, payUrl: answer.payUrl };
  }

  @Post('ipn/momo')
  @HttpCode(204)
  @ApiOperation({
    summary: "MoMo's IPN (MoMo calls it; signature = HMAC-SHA256 over the a–z sorted raw string)",
    description:
      '204 when received (paid, failed, or a duplicate with no second effect); 400 INVALID_SIGNATURE, 404 ORDER_NOT_FOUND, 422 INVALID_AMOUNT (nothing recorded); 503 when the payment could not be recorded yet (send it again).',
  })
  async ipn(@Req() request: Request): Promise<void> {
    const body = request.body as unknown;
    const { momo } = this.options;
    if (!verifyMomoIpn(body, momo.secretKey, momo.accessKey))
      throw fail(400, 'INVALID_SIGNATURE', 'not a MoMo IPN signed with our secret key', 'signature');
    const ipn = body as MomoIpnBody;
    if (ipn.partnerCode !== momo.partnerCode)
      throw fail(400, 'VALIDATION_FAILED', 'partnerCode is not ours', 'partnerCode');
    const order = await this.checkout.orders.find(String(ipn.orderId));
    if (!order || order.wallet !== 'momo' || order.requestId !== String(ipn.requestId))
      throw fail(404, 'ORDER_NOT_FOUND', `no MoMo order ${String(ipn.orderId)}`, 'orderId');
    if (Number(ipn.amount) !== order.amount)
      throw fail(422, 'INVALID_AMOUNT', `the order is for ${order.amount} dong`, 'amount');
    const resultCode = Number(ipn.resultCode);
    // Authorised or pending is not MoMo's last word: nothing is decided yet.
    if (NOT_FINAL.includes(resultCode)) return;
    const responseTime = Number(ipn.responseTime);
    const settled = await this.checkout.settle(order, {
      walletCode: String(resultCode),
      walletTxnId: String(ipn.transId),
      payment: isMomoSuccess(resultCode)
        ? {
            channel: 'WALLET',
            paidAt: new Date(Number.isSafeInteger(responseTime) ? responseTime : Date.now()).toISOString(),
          }
        : undefined,
    });
    if (settled === 'not-recorded')
      throw fail(503, 'UPSTREAM_UNAVAILABLE', 'the payment could not be recorded yet; send the IPN again');
  }
}
