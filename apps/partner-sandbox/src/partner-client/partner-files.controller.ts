import { Body, Controller, HttpException, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { BankStore, statementCsv } from '../bank/bank.store';
import { inPool } from './in-pool';
import { PartnerClient } from './partner-client';
import { isSandboxPartner, sandboxPartner } from './sandbox-partners';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * The partners' end of day: each sends GridPay its file of the business day (its auto-debits and the
 * payments it collected, with any discrepancies injected under /bank/statements/…/edits) through the
 * signed POST /v1/reconciliations/{date}, and gets the reconciliation report back.
 */
@ApiTags('partner client')
@Controller('sandbox/partners')
export class PartnerFilesController {
  constructor(
    @Inject(PartnerClient) private readonly client: PartnerClient,
    @Inject(BankStore) private readonly ledger: BankStore,
  ) {}

  @Post('reconciliation-files/:date')
  @ApiOperation({
    summary:
      "Every partner with anything that day (or {partners: [...]}) sends its file of the business day (Vietnam time) to the gateway; answers each partner's report",
  })
  async send(@Param('date') date: string, @Body() body: { partners?: string[] } | undefined) {
    if (!DATE.test(date))
      throw new HttpException(
        { code: 'VALIDATION_FAILED', message: 'a day like 2026-11-05', field: 'date' },
        400,
      );
    const wanted = body?.partners ?? this.ledger.partnersWithLines(date);
    const unknown = wanted.find((code) => !isSandboxPartner(code));
    if (unknown !== undefined)
      throw new HttpException(
        { code: 'VALIDATION_FAILED', message: `no sandbox partner ${unknown}`, field: 'partners' },
        400,
      );
    const files = await inPool(wanted, 4, async (code) => {
      const lines = this.ledger.statement(code, date);
      const answer = await this.client.sendText(
        sandboxPartner(code),
        `/v1/reconciliations/${date}`,
        statementCsv(lines),
        'text/csv',
      );
      return { partner: code, lines: lines.length, status: answer.status, report: answer.body };
    });
    return { date, files };
  }
}
