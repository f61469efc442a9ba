import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ACCOUNT_OUTCOMES,
  BankStore,
  statementCsv,
  type AccountOutcome,
  type BankDebit,
  type StatementEdits,
} from './bank.store';

const KEY = /^[A-Za-z0-9._-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function answer(debit: BankDebit) {
  const { idempotencyKey, status, reasonCode, reason, bankReference, debitedAt, amount } = debit;
  return { idempotencyKey, status, amount, reasonCode, reason, bankReference, debitedAt };
}

/**
 * A bank's auto-debit interface as GridPay's bank adapter sees it (the banks publish none, so this is
 * ours): debit by idempotency key, status by key. Plus what tests and the demo need: outcomes per
 * account, the debits taken, and the daily statement with injected discrepancies.
 */
@ApiTags('bank')
@Controller('bank')
export class BankController {
  constructor(@Inject(BankStore) private readonly store: BankStore) {}

  @Post('debits')
  @ApiOperation({
    summary:
      'Debit an account: {idempotencyKey, bank, accountRef, amount, customerCode?, billId?}. 200 SUCCEEDED|FAILED(reasonCode), 202 PROCESSING for a key still in progress, 409 for a key reused with other content',
  })
  async debit(@Body() body: Record<string, unknown> | undefined, @Res({ passthrough: true }) res: Response) {
    const { idempotencyKey, bank, accountRef, amount, customerCode, billId } = body ?? {};
    if (
      typeof idempotencyKey !== 'string' ||
      !KEY.test(idempotencyKey) ||
      typeof bank !== 'string' ||
      typeof accountRef !== 'string' ||
      typeof amount !== 'number' ||
      !Number.isSafeInteger(amount) ||
      amount <= 0
    ) {
      res.status(400);
      return {
        code: 'BAD_REQUEST',
        message: 'idempotencyKey, bank, accountRef and a whole positive amount are required',
      };
    }
    const result = this.store.debit({
      idempotencyKey,
      bank,
      accountRef,
      amount,
      ...(typeof customerCode === 'string' ? { customerCode } : {}),
      ...(typeof billId === 'string' ? { billId } : {}),
    });
    if (result.conflict) {
      res.status(409);
      return { code: 'IDEMPOTENCY_CONFLICT', message: `${idempotencyKey} was used for another debit` };
    }
    if (result.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, result.delayMs));
    res.status(result.debit.status === 'PROCESSING' ? 202 : 200);
    return answer(result.debit);
  }

  @Get('debits/:key')
  @ApiOperation({ summary: 'The status of a debit by its idempotency key (404 when the bank never got it)' })
  status(@Param('key') key: string, @Res({ passthrough: true }) res: Response) {
    const debit = this.store.get(key);
    if (!debit) {
      res.status(404);
      return { code: 'NOT_FOUND', message: `no debit ${key}` };
    }
    return answer(debit);
  }

  @Get('debits')
  @ApiOperation({ summary: 'The debits the bank recorded (filters: accountRef, billId, bank, status)' })
  list(
    @Query('accountRef') accountRef?: string,
    @Query('billId') billId?: string,
    @Query('bank') bank?: string,
    @Query('status') status?: string,
  ) {
    const debits = this.store.list({ accountRef, billId, bank, status });
    return { count: debits.length, debits };
  }

  @Put('outcomes')
  @HttpCode(204)
  @ApiOperation({
    summary: `Set outcomes per account: {outcomes: [{accountRef, outcome: ${ACCOUNT_OUTCOMES.join('|')}, delayMs?}]} (slow and timeout answer after delayMs, 2 s / 30 s by default, and take the money)`,
  })
  setOutcomes(
    @Body() body: { outcomes?: Array<{ accountRef?: unknown; outcome?: unknown; delayMs?: unknown }> },
    @Res({ passthrough: true }) res: Response,
  ) {
    const outcomes = body?.outcomes;
    if (
      !Array.isArray(outcomes) ||
      !outcomes.every(
        (o) => typeof o?.accountRef === 'string' && ACCOUNT_OUTCOMES.includes(o.outcome as AccountOutcome),
      )
    ) {
      res.status(400);
      return {
        code: 'BAD_REQUEST',
        message: `outcomes: [{accountRef, outcome: ${ACCOUNT_OUTCOMES.join('|')}}]`,
      };
    }
    for (const o of outcomes)
      this.store.setOutcome(
        o.accountRef as string,
        o.outcome as AccountOutcome,
        typeof o.delayMs === 'number' ? o.delayMs : undefined,
      );
    return undefined;
  }

  @Delete('outcomes')
  @HttpCode(204)
  @ApiOperation({ summary: 'Every account answers ok again' })
  clearOutcomes() {
    this.store.clearOutcomes();
  }

  @Get('statements/:bank/:date')
  @ApiOperation({ summary: "The bank's reconciliation file of a business day (CSV), edits included" })
  statement(@Param('bank') bank: string, @Param('date') date: string, @Res() res: Response) {
    if (!DATE.test(date)) {
      res.status(400).json({ code: 'BAD_REQUEST', message: 'date like 2026-11-05' });
      return;
    }
    res
      .status(200)
      .type('text/csv')
      .send(statementCsv(this.store.statement(bank, date)));
  }

  @Put('statements/:bank/:date/edits')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Inject discrepancies into that file: {drop: [key], add: [{partnerTxnId, customerCode, amount, paidAt}], amounts: {key: amount}}',
  })
  editStatement(@Param('bank') bank: string, @Param('date') date: string, @Body() edits: StatementEdits) {
    this.store.editStatement(bank, date, edits ?? {});
  }
}
