import { Body, Controller, Get, Header, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  signVnpayParams,
  verifyVnpaySignature,
  vnpayAmountDong,
  vnpayDate,
  vnpayQueryString,
  type VnpayParams,
} from '@gridpay/partner-api';
import { backToMerchant, corrupt, deliverIpn, orderTable, page, payButton, payInput } from './ipn-delivery';
import { WalletOrders } from './wallet-orders';
import { WALLETS_CONFIG, type WalletsConfig } from './wallets.config';

/** vnp_ResponseCode / vnp_TransactionStatus for each outcome the sandbox customer can choose. */
const OUTCOMES: Record<string, { response: string; status: string }> = {
  paid: { response: '00', status: '00' },
  cancelled: { response: '24', status: '02' },
  insufficient: { response: '51', status: '02' },
};

let transactionNo = 14_000_000 + Math.floor(Math.random() * 1_000_000);

/**
 * VNPay as the merchant sees it: the payment page behind vnp_Url (checks the merchant's signature),
 * the customer paying or cancelling, then VNPay's IPN to the merchant's IPN URL and the browser sent
 * back to vnp_ReturnUrl, both signed with the merchant's hash secret.
 */
@ApiTags('wallets: VNPay stand-in')
@Controller('sandbox')
export class VnpayWalletController {
  constructor(
    @Inject(WALLETS_CONFIG) private readonly config: WalletsConfig,
    @Inject(WalletOrders) private readonly orders: WalletOrders,
  ) {}

  @Get('vnpay/paymentv2/vpcpay.html')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: "VNPay's payment page (vnp_Url): the customer chooses to pay or cancel" })
  paymentPage(@Query() params: VnpayParams, @Res({ passthrough: true }) res: Response): string {
    const { vnpay } = this.config;
    const one = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : '');
    const amount = vnpayAmountDong(one('vnp_Amount'));
    if (
      !verifyVnpaySignature(params, vnpay.hashSecret) ||
      one('vnp_TmnCode') !== vnpay.tmnCode ||
      one('vnp_Version') !== '2.1.0' ||
      one('vnp_Command') !== 'pay' ||
      !amount ||
      !one('vnp_TxnRef')
    ) {
      res.status(400);
      return page('Giao dịch không hợp lệ', '<p>Sai chữ ký hoặc tham số (VNPay code 70/03).</p>');
    }
    const order = this.orders.put({
      wallet: 'vnpay',
      id: one('vnp_TxnRef'),
      amount,
      orderInfo: one('vnp_OrderInfo'),
      returnUrl: one('vnp_ReturnUrl'),
      createdAt: new Date().toISOString(),
      ipns: [],
    });
    const button = (outcome: string, cardType: string, label: string) =>
      payButton('/sandbox/wallets/vnpay/pay', { txnRef: order.id, outcome, cardType }, label);
    return page(
      'VNPay (sandbox): thanh toán',
      `${orderTable(order, [['Merchant', vnpay.tmnCode]])}
${button('paid', 'ATM', 'Pay with a domestic card')}${button('paid', 'QRCODE', 'Pay with VNPAY-QR')}
${button('cancelled', 'ATM', 'Cancel')}${button('insufficient', 'ATM', 'Card without funds')}
<p>Flags for tests: POST /sandbox/wallets/vnpay/pay {txnRef, outcome, replay, tamper, delayMs, amount}.</p>`,
    );
  }

  @Post('wallets/vnpay/pay')
  @ApiOperation({
    summary:
      'The customer pays (or not): VNPay sends its IPN, then the browser goes to vnp_ReturnUrl. Body or query: txnRef, outcome=paid|cancelled|insufficient, cardType=ATM|QRCODE, replay=N, tamper=amount|signature, delayMs, amount (sign another amount). JSON requests get JSON back.',
  })
  async pay(
    @Body() body: Record<string, unknown> | undefined,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { input, outcome: chosen, flags } = payInput(body, query);
    const order = this.orders.get('vnpay', String(input['txnRef']));
    if (!order) {
      res.status(404).json({ code: 'ORDER_NOT_FOUND', message: 'open the payment URL first' });
      return;
    }
    const outcome = OUTCOMES[chosen] ?? OUTCOMES['paid'];
    const now = new Date();
    transactionNo += 1;
    const signed = signVnpayParams(
      {
        vnp_TmnCode: this.config.vnpay.tmnCode,
        vnp_Amount: String((flags.amount ?? order.amount) * 100),
        vnp_BankCode: input['cardType'] === 'QRCODE' ? 'VNPAYQR' : 'NCB',
        vnp_BankTranNo: `VNP${transactionNo}`,
        vnp_CardType: input['cardType'] === 'QRCODE' ? 'QRCODE' : 'ATM',
        vnp_PayDate: vnpayDate(now),
        vnp_OrderInfo: order.orderInfo,
        vnp_TransactionNo: String(transactionNo),
        vnp_ResponseCode: outcome.response,
        vnp_TransactionStatus: outcome.status,
        vnp_TxnRef: order.id,
      },
      this.config.vnpay.hashSecret,
    );
    const { vnp_SecureHash, ...fields } = signed;
    if (flags.tamper === 'amount') fields.vnp_Amount = String(order.amount * 100 + 100_000);
    const hash = flags.tamper === 'signature' ? corrupt(vnp_SecureHash) : vnp_SecureHash;
    const query_ = `${vnpayQueryString(fields)}&vnp_SecureHash=${hash}`;
    const answers = await deliverIpn(order, chosen, flags, () =>
      fetch(`${this.config.vnpay.ipnUrl}?${query_}`, { signal: AbortSignal.timeout(30_000) }),
    );
    const returnUrl = `${order.returnUrl}${order.returnUrl.includes('?') ? '&' : '?'}${query_}`;
    backToMerchant(req, res, returnUrl, { txnRef: order.id, ipn: answers, returnUrl });
  }
}
