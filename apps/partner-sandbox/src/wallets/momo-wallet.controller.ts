import { Body, Controller, Get, Header, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { momoCreateSignature, signMomoIpn, type MomoCreateRequest } from '@gridpay/partner-api';
import { backToMerchant, corrupt, deliverIpn, orderTable, page, payButton, payInput } from './ipn-delivery';
import { WalletOrders } from './wallet-orders';
import { WALLETS_CONFIG, type WalletsConfig } from './wallets.config';

/** MoMo resultCode and message for each outcome the sandbox customer can choose. */
const OUTCOMES: Record<string, { resultCode: number; message: string }> = {
  paid: { resultCode: 0, message: 'Successful.' },
  denied: { resultCode: 1006, message: 'Transaction denied by user.' },
  insufficient: { resultCode: 1001, message: 'Insufficient funds.' },
  pending: { resultCode: 7000, message: 'Transaction is being processed.' },
};

let transId = 4_000_000_000 + Math.floor(Math.random() * 100_000_000);

/**
 * MoMo AIO v2 as the merchant sees it: the create API (checks the merchant's signature, answers a
 * payUrl), the payment page, and the IPN POSTed to the ipnUrl of the create request.
 */
@ApiTags('wallets: MoMo stand-in')
@Controller('sandbox')
export class MomoWalletController {
  constructor(
    @Inject(WALLETS_CONFIG) private readonly config: WalletsConfig,
    @Inject(WalletOrders) private readonly orders: WalletOrders,
  ) {}

  @Post('momo/v2/gateway/api/create')
  @ApiOperation({ summary: "MoMo's create API (captureWallet): answers the payUrl" })
  create(@Body() body: Partial<MomoCreateRequest> | undefined, @Req() req: Request) {
    const { momo } = this.config;
    const request = body ?? {};
    const fields = {
      accessKey: String(request.accessKey ?? ''),
      amount: Number(request.amount),
      extraData: String(request.extraData ?? ''),
      ipnUrl: String(request.ipnUrl ?? ''),
      orderId: String(request.orderId ?? ''),
      orderInfo: String(request.orderInfo ?? ''),
      partnerCode: String(request.partnerCode ?? ''),
      redirectUrl: String(request.redirectUrl ?? ''),
      requestId: String(request.requestId ?? ''),
      requestType: String(request.requestType ?? ''),
    };
    const base = { partnerCode: fields.partnerCode, orderId: fields.orderId, requestId: fields.requestId };
    if (
      fields.partnerCode !== momo.partnerCode ||
      fields.accessKey !== momo.accessKey ||
      request.signature !== momoCreateSignature(fields, momo.secretKey)
    )
      return {
        ...base,
        responseTime: Date.now(),
        resultCode: 13,
        message: 'Merchant authentication failed.',
      };
    if (
      !Number.isSafeInteger(fields.amount) ||
      fields.amount < 1000 ||
      fields.requestType !== 'captureWallet'
    )
      return {
        ...base,
        responseTime: Date.now(),
        resultCode: 22,
        message: 'Invalid amount or request type.',
      };
    const existing = this.orders.get('momo', fields.orderId);
    if (existing && existing.requestId !== fields.requestId)
      return { ...base, responseTime: Date.now(), resultCode: 41, message: 'Duplicated orderId.' };
    this.orders.put({
      wallet: 'momo',
      id: fields.orderId,
      amount: fields.amount,
      orderInfo: fields.orderInfo,
      returnUrl: fields.redirectUrl,
      ipnUrl: fields.ipnUrl,
      requestId: fields.requestId,
      extraData: fields.extraData,
      createdAt: new Date().toISOString(),
      ipns: [],
    });
    const payUrl = `${req.protocol}://${req.get('host')}/sandbox/wallets/momo/pay?orderId=${encodeURIComponent(fields.orderId)}`;
    return {
      ...base,
      amount: fields.amount,
      responseTime: Date.now(),
      message: 'Thành công.',
      resultCode: 0,
      payUrl,
      deeplink: `momo://sandbox?orderId=${encodeURIComponent(fields.orderId)}`,
      qrCodeUrl: payUrl,
    };
  }

  @Get('wallets/momo/pay')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: "MoMo's payment page (payUrl)" })
  payPage(@Query('orderId') orderId: string, @Res({ passthrough: true }) res: Response): string {
    const order = this.orders.get('momo', String(orderId));
    if (!order) {
      res.status(404);
      return page('MoMo (sandbox)', '<p>Không tìm thấy đơn hàng.</p>');
    }
    const button = (outcome: string, label: string) =>
      payButton('/sandbox/wallets/momo/pay', { orderId: order.id, outcome }, label);
    return page(
      'MoMo (sandbox): xác nhận thanh toán',
      `${orderTable(order)}
${button('paid', 'Pay')}${button('denied', 'Deny')}${button('insufficient', 'Wallet without funds')}
<p>Flags for tests: POST /sandbox/wallets/momo/pay {orderId, outcome, replay, tamper, delayMs, amount}.</p>`,
    );
  }

  @Post('wallets/momo/pay')
  @ApiOperation({
    summary:
      'The customer confirms (or not): MoMo POSTs its IPN to the ipnUrl, then the browser goes to redirectUrl. Body or query: orderId, outcome=paid|denied|insufficient|pending, replay=N, tamper=amount|signature, delayMs, amount. JSON requests get JSON back.',
  })
  async pay(
    @Body() body: Record<string, unknown> | undefined,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { input, outcome: chosen, flags } = payInput(body, query);
    const order = this.orders.get('momo', String(input['orderId']));
    if (!order?.ipnUrl || !order.requestId) {
      res.status(404).json({ code: 'ORDER_NOT_FOUND', message: 'create the order first' });
      return;
    }
    const outcome = OUTCOMES[chosen] ?? OUTCOMES['paid'];
    transId += 1;
    const { momo } = this.config;
    const ipn = signMomoIpn(
      {
        partnerCode: momo.partnerCode,
        orderId: order.id,
        requestId: order.requestId,
        amount: flags.amount ?? order.amount,
        orderInfo: order.orderInfo,
        orderType: 'momo_wallet',
        transId,
        resultCode: outcome.resultCode,
        message: outcome.message,
        payType: 'qr',
        responseTime: Date.now(),
        extraData: order.extraData ?? '',
      },
      momo.secretKey,
      momo.accessKey,
    );
    if (flags.tamper === 'amount') ipn.amount += 100_000;
    if (flags.tamper === 'signature') ipn.signature = corrupt(ipn.signature);
    const ipnUrl = order.ipnUrl;
    const answers = await deliverIpn(order, chosen, flags, () =>
      fetch(ipnUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ipn),
        signal: AbortSignal.timeout(15_000),
      }),
    );
    const redirect = new URL(order.returnUrl);
    for (const [key, value] of Object.entries(ipn)) redirect.searchParams.set(key, String(value));
    const returnUrl = redirect.toString();
    backToMerchant(req, res, returnUrl, { orderId: order.id, ipn: answers, returnUrl });
  }
}
