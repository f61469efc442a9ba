import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CHANNELS, type Channel } from '@gridpay/partner-api';
import { httpError } from '../http-errors';
import { validBody } from '../valid-body';
import { ReconciliationService, type ReconciliationDay } from './reconciliation.service';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

class ResolveDto {
  @IsIn(['note', 'late-payment'])
  action!: 'note' | 'late-payment';
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  note!: string;
  @Matches(/^[A-Za-z0-9._-]{1,32}$/)
  resolvedBy!: string;
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;
}

const date = (value: string, field = 'date') => {
  if (!DATE.test(value))
    throw httpError(400, 'VALIDATION_FAILED', `${field} must look like 2026-11-05`, field);
  return value;
};

/** Operators: each partner's reconciled days, their open mismatches, and resolving them. */
@ApiTags('reconciliation')
@Controller('admin/reconciliations')
export class ReconciliationAdminController {
  constructor(@Inject(ReconciliationService) private readonly reconciliations: ReconciliationService) {}

  @Get(':partner')
  @ApiOperation({ summary: "A partner's days with open mismatches between from and to (at most 62 days)" })
  openDays(@Param('partner') partner: string, @Query('from') from = '', @Query('to') to = '') {
    return this.reconciliations.openDays(partner, date(from, 'from'), date(to, 'to'));
  }

  @Get(':partner/:date')
  @ApiOperation({ summary: "A partner's day: the current run's figures, open and resolved mismatches" })
  day(@Param('partner') partner: string, @Param('date') businessDate: string): Promise<ReconciliationDay> {
    return this.reconciliations.day(partner, date(businessDate));
  }

  @Post(':partner/:date/mismatches/:key/resolution')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resolve a mismatch: {action: note | late-payment, note, resolvedBy, channel (late-payment)}. late-payment posts the partner line as a payment (missingOurs only)',
  })
  resolve(
    @Param('partner') partner: string,
    @Param('date') businessDate: string,
    @Param('key') key: string,
    @Body(validBody(ResolveDto)) body: ResolveDto,
  ): Promise<ReconciliationDay> {
    return this.reconciliations.resolve(partner, date(businessDate), key, body);
  }
}
