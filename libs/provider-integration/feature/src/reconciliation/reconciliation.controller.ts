import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { readTextBody } from '@gridpay/shared/service';
import { httpError } from '../http-errors';
import { parsePartnerFile, PartnerFileError } from './reconcile';
import { ReconciliationService, type ReconciliationAnswer } from './reconciliation.service';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

@ApiTags('internal: gateway')
@Controller('internal/reconciliations')
export class ReconciliationController {
  constructor(@Inject(ReconciliationService) private readonly reconciliations: ReconciliationService) {}

  @Post(':partner/:date')
  @HttpCode(200)
  @ApiOperation({
    summary: "Compare a partner's file of a business day (Asia/Ho_Chi_Minh) with our payments of that day",
    description:
      'Reversed payments are not ours any more: a file listing one reports it in missingOurs. The run is recorded (ReconciliationCompleted); the same file again answers the same report and records nothing; another file for the day supersedes the one before.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'partnerTxnId,customerCode,amount,paidAt\nAGR-0001,PB05020054904,346356,2026-11-05T08:00:00+07:00',
    },
  })
  async reconcile(
    @Param('partner') partner: string,
    @Param('date') date: string,
    @Req() request: Request,
  ): Promise<ReconciliationAnswer> {
    if (!DATE.test(date))
      throw httpError(400, 'VALIDATION_FAILED', 'the date must look like 2026-11-05', 'date');
    const text =
      typeof request.body === 'string' ? request.body : await readTextBody(request, 10 * 1024 * 1024);
    let theirs;
    try {
      theirs = parsePartnerFile(text);
    } catch (error) {
      if (error instanceof PartnerFileError) throw httpError(400, 'VALIDATION_FAILED', error.message, 'body');
      throw error;
    }
    return this.reconciliations.reconcileFile(partner, date, theirs);
  }
}
