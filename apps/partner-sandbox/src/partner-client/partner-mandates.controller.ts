import { Body, Controller, HttpException, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { inPool } from './in-pool';
import { PartnerClient } from './partner-client';
import { isSandboxPartner, sandboxPartner } from './sandbox-partners';

const CUSTOMER_CODE = /^[A-Z]{2}[0-9A-Z]{4}[0-9]{7}$/;
const EMPLOYEE = /^[A-Za-z0-9._-]{1,32}$/;

interface MandateOrder {
  customerCode: string;
  partner: string;
  /** The employee who signed the customer up (staff campaign). */
  enrolledBy?: string;
}

export interface MandateOutcome extends MandateOrder {
  accountRef: string;
  result: 'registered' | 'already-registered' | 'rejected';
  status: number;
  mandateId?: string;
  answer?: unknown;
}

/** The sandbox account of a customer at a bank: stable, so a later run finds the same account. */
export function sandboxAccount(partner: string, customerCode: string): string {
  return `${partner.slice(0, 3).toUpperCase()}-${customerCode}`;
}

/**
 * Banks registering the auto-debit mandates their customers signed (at the counter, in the app, or
 * with a GridPay employee of the staff campaign), each as a signed POST /v1/mandates.
 */
@ApiTags('partner client')
@Controller('sandbox/partners')
export class PartnerMandatesController {
  constructor(@Inject(PartnerClient) private readonly client: PartnerClient) {}

  @Post('mandates')
  @ApiOperation({
    summary:
      'Register mandates as the banks would: {mandates: [{customerCode, partner, enrolledBy?}], concurrency?}. The account is the sandbox account of that customer at that bank; the bank debits it.',
  })
  async register(@Body() body: { mandates?: MandateOrder[]; concurrency?: number } | undefined) {
    const orders = this.orders(body?.mandates);
    const outcomes = await inPool(orders, Math.min(Number(body?.concurrency) || 8, 64), async (order) => {
      const accountRef = sandboxAccount(order.partner, order.customerCode);
      const answer = await this.client.send(sandboxPartner(order.partner), 'POST', '/v1/mandates', {
        mandateRef: `M-${order.customerCode}`,
        customerCode: order.customerCode,
        accountRef,
        ...(order.enrolledBy ? { enrolledBy: order.enrolledBy } : {}),
      });
      const existing = answer.status === 422 || answer.status === 200;
      const outcome: MandateOutcome = {
        ...order,
        accountRef,
        result: answer.status === 201 ? 'registered' : existing ? 'already-registered' : 'rejected',
        status: answer.status,
      };
      if (answer.status === 201 || answer.status === 200) outcome.mandateId = answer.body.mandateId;
      else if (!existing) outcome.answer = answer.body;
      return outcome;
    });
    const count = (result: MandateOutcome['result']) => outcomes.filter((o) => o.result === result).length;
    return {
      requested: orders.length,
      registered: count('registered'),
      alreadyRegistered: count('already-registered'),
      rejected: count('rejected'),
      mandates: outcomes,
    };
  }

  private orders(mandates: MandateOrder[] | undefined): MandateOrder[] {
    const invalid = (message: string, field: string) =>
      new HttpException({ code: 'VALIDATION_FAILED', message, field }, 400);
    if (!Array.isArray(mandates) || mandates.length === 0 || mandates.length > 100_000)
      throw invalid('mandates: a list of 1–100,000 {customerCode, partner, enrolledBy?}', 'mandates');
    mandates.forEach((order, i) => {
      if (!CUSTOMER_CODE.test(String(order?.customerCode)))
        throw invalid(`not a customer code: ${String(order?.customerCode)}`, `mandates[${i}].customerCode`);
      if (!isSandboxPartner(String(order.partner)))
        throw invalid(`no sandbox partner ${String(order.partner)}`, `mandates[${i}].partner`);
      if (order.enrolledBy !== undefined && !EMPLOYEE.test(String(order.enrolledBy)))
        throw invalid('an employee code, 1–32 letters, digits, . _ -', `mandates[${i}].enrolledBy`);
    });
    return mandates;
  }
}
