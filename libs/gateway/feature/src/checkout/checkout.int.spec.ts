import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  momoCreateSignature,
  signMomoIpn,
  signVnpayParams,
  verifyVnpaySignature,
  vnpayDate,
  vnpayQueryString,
  type MomoConfig,
  type MomoCreateRequest,
  type VnpayConfig,
} from '@gridpay/partner-api';
import { uniqueName } from '@gridpay/shared/testing';
import { freshCustomerCode } from '../gateway.harness';
import { CheckoutHarness } from './checkout.harness';

jest.setTimeout(120_000);

const vnpay: VnpayConfig = {
  tmnCode: 'ITTMN001',
  hashSecret: 'IT-VNPAY-HASH-SECRET-0123456789AB',
  payUrl: 'http://127.0.0.1:9/paymentv2/vpcpay.html',
  returnUrl: 'http://127.0.0.1:9/return',
};
const momoAccount = {
  partnerCode: 'ITMOMO',
  accessKey: 'it-momo-access-key',
  secretKey: 'it-momo-secret-key-0123456789abcdef',
};

/**
 * MoMo's create API as the wallet answers it (outside party): checks the merchant's signature and
 * hands back a payment page URL. The IPNs below are then signed as MoMo signs them.
 */
function momoCreateApi(): Promise<{ server: Server; endpoint: string; created: MomoCreateRequest[] }> {
  const created: MomoCreateRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as MomoCreateRequest;
      const ok =
        req.url === '/v2/gateway/api/create' &&
        body.signature === momoCreateSignature(body, momoAccount.secretKey);
      if (ok) created.push(body);
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          ok
            ? {
                partnerCode: body.partnerCode,
                orderId: body.orderId,
                requestId: body.requestId,
                amount: body.amount,
                responseTime: Date.now(),
                message: 'Thành công.',
                resultCode: 0,
                payUrl: `https://momo.example/pay?orderId=${body.orderId}`,
              }
            : { resultCode: 11007, message: 'Invalid signature' },
        ),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        created,
      }),
    ),
  );
}

describe('wallet checkout: VNPay and MoMo IPNs through the gateway (real provider-integration, Kafka, MongoDB-wire)', () => {
  let h: CheckoutHarness;
  let momoApi: Awaited<ReturnType<typeof momoCreateApi>>;
  let momo: MomoConfig;

  beforeAll(async () => {
    momoApi = await momoCreateApi();
    momo = {
      ...momoAccount,
      endpoint: momoApi.endpoint,
      ipnUrl: 'http://127.0.0.1:3000/v1/ipn/momo',
      redirectUrl: 'http://127.0.0.1:9/return',
    };
    h = await new CheckoutHarness().setUp({ vnpay, momo });
  }, 180_000);
  afterAll(async () => {
    await h?.tearDown();
    momoApi?.server.close();
  });

  /** A customer with one open bill of `amount` dong; returns the bill id. */
  async function openBill(amount: number): Promise<string> {
    return h.issueBill(freshCustomerCode(), '2026-10', amount);
  }

  const post = (path: string, body: unknown) =>
    h.send('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });

  describe('VNPay', () => {
    async function checkout(amount = 346_356) {
      const billId = await openBill(amount);
      const answer = await post('/v1/checkout/vnpay', { billId });
      expect(answer.status).toBe(201);
      return { billId, ...(answer.body as { paymentUrl: string; txnRef: string; amount: number }) };
    }

    /** The IPN VNPay sends for an order, signed with the merchant's hash secret. */
    function ipnParams(txnRef: string, amount: number, extra: Record<string, string> = {}) {
      return signVnpayParams(
        {
          vnp_TmnCode: vnpay.tmnCode,
          vnp_Amount: String(amount * 100),
          vnp_BankCode: 'NCB',
          vnp_BankTranNo: 'VNP14226112',
          vnp_CardType: 'ATM',
          vnp_PayDate: vnpayDate(new Date()),
          vnp_OrderInfo: 'Thanh toan hoa don tien dien',
          vnp_TransactionNo: '14226112',
          vnp_ResponseCode: '00',
          vnp_TransactionStatus: '00',
          vnp_TxnRef: txnRef,
          ...extra,
        },
        vnpay.hashSecret,
      );
    }
    const ipn = (params: Record<string, string>) => {
      const { vnp_SecureHash, ...rest } = params;
      const query = `${vnpayQueryString(rest)}${vnp_SecureHash === undefined ? '' : `&vnp_SecureHash=${vnp_SecureHash}`}`;
      return h.send('GET', `/v1/ipn/vnpay?${query}`, '', {});
    };

    it('checkout answers a signed v2.1.0 payment URL for the amount still owed', async () => {
      const { paymentUrl, txnRef, amount, billId } = await checkout(346_356);
      expect(amount).toBe(346_356);
      const link = new URL(paymentUrl);
      expect(link.origin + link.pathname).toBe(vnpay.payUrl);
      const params = Object.fromEntries(link.searchParams);
      expect(params).toMatchObject({
        vnp_Version: '2.1.0',
        vnp_Command: 'pay',
        vnp_TmnCode: vnpay.tmnCode,
        vnp_Amount: '34635600',
        vnp_CurrCode: 'VND',
        vnp_TxnRef: txnRef,
        vnp_ReturnUrl: vnpay.returnUrl,
      });
      expect(params['vnp_OrderInfo']).toContain(billId);
      expect(verifyVnpaySignature(params, vnpay.hashSecret)).toBe(true);
    });

    it('checkout of a bill that is not open → 404, a malformed id → 400 naming billId', async () => {
      expect(await post('/v1/checkout/vnpay', { billId: `${freshCustomerCode()}-2026-10` })).toMatchObject({
        status: 404,
        body: { code: 'BILL_NOT_FOUND', field: 'billId' },
      });
      expect(await post('/v1/checkout/vnpay', { billId: 'nope' })).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', field: 'billId' },
      });
    });

    it('a valid IPN pays the bill (00); replayed it answers 02 and records nothing more', async () => {
      const { txnRef, amount, billId } = await checkout(200_000);
      const params = ipnParams(txnRef, amount);
      expect(await ipn(params)).toMatchObject({ status: 200, body: { RspCode: '00' } });
      const recorded = await h.payment('vnpay', txnRef);
      expect(recorded).toMatchObject({
        status: 200,
        body: {
          partnerTxnId: txnRef,
          billIds: [billId],
          amount,
          channel: 'INTERNET_BANKING',
          status: 'ACCEPTED',
          appliedTo: [{ billId, amount }],
          credit: 0,
        },
      });
      for (let i = 0; i < 2; i++)
        expect(await ipn(params)).toMatchObject({ status: 200, body: { RspCode: '02' } });
      expect((await h.payment('vnpay', txnRef)).body).toEqual(recorded.body);
    });

    it('10 copies of the IPN at once make one payment', async () => {
      const { txnRef, amount } = await checkout(120_000);
      const params = ipnParams(txnRef, amount, { vnp_CardType: 'QRCODE' });
      const answers = await Promise.all(Array.from({ length: 10 }, () => ipn(params)));
      const codes = answers.map((a) => a.body.RspCode as string);
      expect(codes.every((code) => code === '00' || code === '02')).toBe(true);
      expect(codes.filter((code) => code === '00').length).toBeGreaterThanOrEqual(1);
      const payment = await h.payment('vnpay', txnRef);
      expect(payment).toMatchObject({ status: 200, body: { amount, channel: 'MOBILE_BANKING' } });
    });

    it('tampered IPNs (amount changed after signing, a wrong hash, no hash) → 97, nothing recorded', async () => {
      const { txnRef, amount } = await checkout();
      const params = ipnParams(txnRef, amount);
      expect((await ipn({ ...params, vnp_Amount: String((amount - 1000) * 100) })).body.RspCode).toBe('97');
      const flipped = params.vnp_SecureHash.startsWith('a') ? 'b' : 'a';
      expect(
        (await ipn({ ...params, vnp_SecureHash: flipped + params.vnp_SecureHash.slice(1) })).body.RspCode,
      ).toBe('97');
      const { vnp_SecureHash: _dropped, ...unsigned } = params;
      expect((await ipn(unsigned as typeof params)).body).toEqual({
        RspCode: '97',
        Message: 'Invalid Checksum',
      });
      expect((await ipn(signVnpayParams(params, 'another-secret-entirely'))).body.RspCode).toBe('97');
      expect(await h.recorded('vnpay', txnRef)).toBe(404);
    });

    it('a signed IPN with another amount → 04, for an unknown order → 01; nothing recorded', async () => {
      const { txnRef, amount } = await checkout();
      expect((await ipn(ipnParams(txnRef, amount + 1))).body).toEqual({
        RspCode: '04',
        Message: 'Invalid amount',
      });
      expect(await h.recorded('vnpay', txnRef)).toBe(404);
      const unknown = uniqueName('nope').replace(/[^A-Za-z0-9]/g, '');
      expect((await ipn(ipnParams(unknown, amount))).body).toEqual({
        RspCode: '01',
        Message: 'Order not found',
      });
      // The order is still open: the right IPN pays it.
      expect((await ipn(ipnParams(txnRef, amount))).body.RspCode).toBe('00');
      expect(await h.recorded('vnpay', txnRef)).toBe(200);
    });

    it('a failed payment (ResponseCode 24, status 02) closes the order unpaid: 00, a later success → 02', async () => {
      const { txnRef, amount } = await checkout();
      const cancelled = ipnParams(txnRef, amount, { vnp_ResponseCode: '24', vnp_TransactionStatus: '02' });
      expect((await ipn(cancelled)).body.RspCode).toBe('00');
      expect((await ipn(ipnParams(txnRef, amount))).body.RspCode).toBe('02');
      expect(await h.recorded('vnpay', txnRef)).toBe(404);
    });
  });

  describe('MoMo', () => {
    async function checkout(amount = 346_356) {
      const billId = await openBill(amount);
      const answer = await post('/v1/checkout/momo', { billId });
      expect(answer.status).toBe(201);
      return {
        billId,
        ...(answer.body as { orderId: string; requestId: string; amount: number; payUrl: string }),
      };
    }

    function ipnBody(order: { orderId: string; requestId: string; amount: number }, resultCode = 0) {
      return signMomoIpn(
        {
          partnerCode: momo.partnerCode,
          orderId: order.orderId,
          requestId: order.requestId,
          amount: order.amount,
          orderInfo: 'Thanh toan hoa don tien dien',
          orderType: 'momo_wallet',
          transId: 4088878653,
          resultCode,
          message: resultCode === 0 ? 'Successful.' : 'Transaction denied by user.',
          payType: 'qr',
          responseTime: Date.now(),
          extraData: '',
        },
        momo.secretKey,
        momo.accessKey,
      );
    }

    it('checkout creates the order at MoMo (signed create call) and answers its payUrl', async () => {
      const order = await checkout(250_000);
      expect(order).toMatchObject({
        amount: 250_000,
        payUrl: `https://momo.example/pay?orderId=${order.orderId}`,
      });
      expect(momoApi.created.find((c) => c.orderId === order.orderId)).toMatchObject({
        partnerCode: momo.partnerCode,
        requestId: order.requestId,
        amount: 250_000,
        requestType: 'captureWallet',
        ipnUrl: momo.ipnUrl,
      });
    });

    it('a valid IPN pays the bill (204) as a WALLET payment; the same IPN again has no second effect', async () => {
      const order = await checkout(180_000);
      const body = ipnBody(order);
      expect((await post('/v1/ipn/momo', body)).status).toBe(204);
      const recorded = await h.payment('momo', order.orderId);
      expect(recorded).toMatchObject({
        status: 200,
        body: {
          billIds: [order.billId],
          amount: 180_000,
          channel: 'WALLET',
          appliedTo: [{ billId: order.billId, amount: 180_000 }],
        },
      });
      const again = await Promise.all([post('/v1/ipn/momo', body), post('/v1/ipn/momo', body)]);
      expect(again.map((a) => a.status)).toEqual([204, 204]);
      expect((await h.payment('momo', order.orderId)).body).toEqual(recorded.body);
    });

    it('tampered IPNs → 400 INVALID_SIGNATURE; a signed other amount → 422; an unknown order → 404; nothing recorded', async () => {
      const order = await checkout();
      const body = ipnBody(order);
      expect(await post('/v1/ipn/momo', { ...body, amount: body.amount - 1 })).toMatchObject({
        status: 400,
        body: { code: 'INVALID_SIGNATURE' },
      });
      expect((await post('/v1/ipn/momo', { ...body, signature: '0'.repeat(64) })).status).toBe(400);
      expect(
        (await h.send('POST', '/v1/ipn/momo', '{not json', { 'content-type': 'application/json' })).status,
      ).toBe(400);
      expect(await post('/v1/ipn/momo', ipnBody({ ...order, amount: order.amount + 1 }))).toMatchObject({
        status: 422,
        body: { code: 'INVALID_AMOUNT' },
      });
      expect(
        await post(
          '/v1/ipn/momo',
          ipnBody({ ...order, orderId: uniqueName('nope').replace(/[^A-Za-z0-9]/g, '') }),
        ),
      ).toMatchObject({
        status: 404,
        body: { code: 'ORDER_NOT_FOUND' },
      });
      expect(await h.recorded('momo', order.orderId)).toBe(404);
      expect((await post('/v1/ipn/momo', body)).status).toBe(204);
      expect(await h.recorded('momo', order.orderId)).toBe(200);
    });

    it('resultCode 1006 (user denied) closes the order unpaid; pending 7000 decides nothing', async () => {
      const order = await checkout();
      expect((await post('/v1/ipn/momo', ipnBody(order, 7000))).status).toBe(204);
      expect((await post('/v1/ipn/momo', ipnBody(order, 1006))).status).toBe(204);
      expect((await post('/v1/ipn/momo', ipnBody(order, 0))).status).toBe(204);
      expect(await h.recorded('momo', order.orderId)).toBe(404);
    });
  });
});
