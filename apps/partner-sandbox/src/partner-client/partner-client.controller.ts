import { Body, Controller, HttpException, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { BankStore } from '../bank/bank.store';
import { inPool } from './in-pool';
import { PartnerClient, type SendOptions } from './partner-client';
import { pickWeighted, SANDBOX_PARTNERS, sandboxPartner, type SandboxPartner } from './sandbox-partners';

const CUSTOMER_CODE = /^[A-Z]{2}[0-9A-Z]{4}[0-9]{7}$/;

export interface PaymentOutcome {
  customerCode: string;
  partner: string;
  channel?: string;
  partnerTxnId?: string;
  amount?: number;
  billIds?: string[];
  /** paid, nothing-open, unknown-customer, rejected (the gateway's answer is in `answer`). */
  result: 'paid' | 'nothing-open' | 'unknown-customer' | 'rejected';
  status?: number;
  answer?: unknown;
  /** Status of each replay of the same payment (200 with the same body expected). */
  replays?: number[];
}

interface PayOpenBillsBody {
  customerCodes?: string[];
  /** Without customerCodes: the synthetic district's codes <unit><7-digit n>, n = from … from+count-1. */
  count?: number;
  from?: number;
  unit?: string;
  /** Relative share per partner code (default: the file's weights); partners left out get none. */
  mix?: Record<string, number>;
  concurrency?: number;
}

const int = (value: unknown, fallback: number, max: number): number => {
  const n = Number(value ?? fallback);
  return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
};

/**
 * Banks and intermediaries paying customers' open bills through the gateway: inquiry, then payment of
 * every open bill with a channel drawn from the partner's mix, each request signed with that partner's
 * sandbox key. Query flags: replay=N (send the same payment N more times), tamper=amount|signature
 * (alter the payment after signing: nothing is paid), delayMs (hold each signed payment before sending).
 */
@ApiTags('partner client')
@Controller('sandbox/partners')
export class PartnerClientController {
  constructor(
    @Inject(PartnerClient) private readonly client: PartnerClient,
    @Inject(BankStore) private readonly ledger: BankStore,
  ) {}

  @Post('pay-open-bills')
  @ApiOperation({
    summary:
      "Pay customers' open bills as the partners would: {customerCodes} or {count, from?, unit?}, mix? {partner: weight}, concurrency?; query replay, tamper, delayMs",
  })
  async payOpenBills(
    @Body() body: PayOpenBillsBody | undefined,
    @Query('replay') replayFlag?: string,
    @Query('tamper') tamperFlag?: string,
    @Query('delayMs') delayFlag?: string,
  ) {
    const request = body ?? {};
    const codes = this.customerCodes(request);
    const partners = this.partners(request.mix);
    const replay = int(replayFlag, 0, 20);
    const options: SendOptions = {
      ...(tamperFlag === 'amount' || tamperFlag === 'signature' ? { tamper: tamperFlag } : {}),
      delayMs: int(delayFlag, 0, 600_000),
    };
    const outcomes = await inPool(codes, int(request.concurrency, 8, 64) || 1, (customerCode) => {
      const partner = sandboxPartner(pickWeighted(partners.weights, Math.random()));
      return this.payOne(partner, customerCode, replay, options);
    });
    const count = (key: (o: PaymentOutcome) => string | undefined) =>
      outcomes.reduce<Record<string, number>>((acc, o) => {
        const k = key(o);
        if (k) acc[k] = (acc[k] ?? 0) + 1;
        return acc;
      }, {});
    return {
      requested: codes.length,
      paid: outcomes.filter((o) => o.result === 'paid').length,
      nothingOpen: outcomes.filter((o) => o.result === 'nothing-open').length,
      unknownCustomer: outcomes.filter((o) => o.result === 'unknown-customer').length,
      rejected: outcomes.filter((o) => o.result === 'rejected').length,
      amount: outcomes.reduce((sum, o) => sum + (o.result === 'paid' ? (o.amount ?? 0) : 0), 0),
      byPartner: count((o) => (o.result === 'paid' ? o.partner : undefined)),
      byChannel: count((o) => (o.result === 'paid' ? o.channel : undefined)),
      payments: outcomes,
    };
  }

  private async payOne(
    partner: SandboxPartner,
    customerCode: string,
    replay: number,
    options: SendOptions,
  ): Promise<PaymentOutcome> {
    const inquiry = await this.client.send(partner, 'GET', `/v1/bills?customerCode=${customerCode}`);
    if (inquiry.status === 404) return { customerCode, partner: partner.code, result: 'unknown-customer' };
    if (inquiry.status !== 200)
      return {
        customerCode,
        partner: partner.code,
        result: 'rejected',
        status: inquiry.status,
        answer: inquiry.body,
      };
    const bills = (inquiry.body.bills ?? []) as Array<{ billId: string; amountDue: number }>;
    if (bills.length === 0) return { customerCode, partner: partner.code, result: 'nothing-open' };
    const channel = pickWeighted(partner.channels, Math.random());
    const payment = {
      partnerTxnId: `${partner.code.slice(0, 3).toUpperCase()}-${Date.now().toString(36)}-${randomBytes(5).toString('hex')}`,
      customerCode,
      billIds: bills.map((bill) => bill.billId),
      amount: bills.reduce((sum, bill) => sum + bill.amountDue, 0),
      channel,
      paidAt: new Date().toISOString(),
    };
    const answer = await this.client.send(partner, 'POST', '/v1/payments', payment, options);
    const outcome: PaymentOutcome = {
      customerCode,
      partner: partner.code,
      channel,
      partnerTxnId: payment.partnerTxnId,
      amount: payment.amount,
      billIds: payment.billIds,
      result: answer.status === 201 || answer.status === 200 ? 'paid' : 'rejected',
      status: answer.status,
      answer: answer.body,
    };
    if (outcome.result === 'paid') {
      const { partnerTxnId, amount, paidAt } = payment;
      this.ledger.recordCollection(partner.code, { partnerTxnId, customerCode, amount, paidAt });
    }
    if (replay > 0) {
      outcome.replays = [];
      for (let i = 0; i < replay; i++)
        outcome.replays.push((await this.client.send(partner, 'POST', '/v1/payments', payment)).status);
    }
    return outcome;
  }

  private customerCodes(request: PayOpenBillsBody): string[] {
    if (Array.isArray(request.customerCodes)) {
      const bad = request.customerCodes.find((code) => typeof code !== 'string' || !CUSTOMER_CODE.test(code));
      if (bad !== undefined || request.customerCodes.length > 100_000)
        throw new HttpException(
          { code: 'VALIDATION_FAILED', message: `bad customer code ${String(bad)}`, field: 'customerCodes' },
          400,
        );
      return request.customerCodes;
    }
    const count = int(request.count, 0, 100_000);
    const unit = request.unit ?? 'PC05QS';
    if (count === 0 || !/^[A-Z]{2}[0-9A-Z]{4}$/.test(unit))
      throw new HttpException(
        {
          code: 'VALIDATION_FAILED',
          message: 'send customerCodes, or count (and optionally from, unit)',
          field: 'count',
        },
        400,
      );
    const from = int(request.from, 1, 9_999_999) || 1;
    return Array.from({ length: count }, (_, i) => `${unit}${String(from + i).padStart(7, '0')}`);
  }

  private partners(mix: Record<string, number> | undefined) {
    const byCode = new Map(SANDBOX_PARTNERS.map((partner) => [partner.code, partner]));
    const weights: Record<string, number> = {};
    if (mix && typeof mix === 'object') {
      for (const [code, weight] of Object.entries(mix))
        if (byCode.has(code) && Number(weight) > 0) weights[code] = Number(weight);
      if (Object.keys(weights).length === 0)
        throw new HttpException(
          {
            code: 'VALIDATION_FAILED',
            message: `mix names none of ${[...byCode.keys()].join(', ')}`,
            field: 'mix',
          },
          400,
        );
    } else for (const partner of SANDBOX_PARTNERS) weights[partner.code] = partner.weight;
    return { byCode, weights };
  }
}
