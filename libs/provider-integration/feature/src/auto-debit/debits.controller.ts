import { Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { maskAccount } from '@gridpay/payments/domain';
import { httpError } from '../http-errors';
import { AutoDebitService } from './auto-debit.service';

/** Staff and tests: where a bill's auto-debit stands (account masked). */
@ApiTags('auto-debit')
@Controller('admin/auto-debit')
export class DebitsController {
  constructor(@Inject(AutoDebitService) private readonly debits: AutoDebitService) {}

  @Get('debits/:billId')
  @ApiOperation({
    summary:
      "A bill's debit: status (scheduled, in-flight, pending, succeeded, failed, cancelled) and attempts",
  })
  async get(@Param('billId') billId: string) {
    const state = await this.debits.state(billId);
    if (state.status === 'none') throw httpError(404, 'DEBIT_NOT_FOUND', `no debit of ${billId}`, 'billId');
    const { accountRef, ...request } = state.request;
    return {
      ...request,
      accountMasked: maskAccount(accountRef),
      status: state.status.toUpperCase(),
      attempts: state.attempts,
      ...(state.next ? { next: state.next } : {}),
      cancelled: state.cancelled,
    };
  }

  @Get('queue')
  @ApiOperation({ summary: 'How many attempts and status checks are waiting in the due queue' })
  async queue() {
    return { waiting: await this.debits.queue.count() };
  }

  @Post('run-due')
  @ApiOperation({ summary: 'Run what is due now once, outside the scheduler (ops; safe next to it)' })
  async runDue() {
    return { handled: await this.debits.runDue() };
  }
}
