import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PERIOD } from '@gridpay/contracts';
import { BillRunService } from './bill-run.service';
import type { BillRunProgress } from './bill-run.store';

function checkPeriod(period: string): string {
  if (!PERIOD.test(period))
    throw new BadRequestException({
      code: 'INVALID_FIELD',
      field: 'period',
      message: 'period must look like 2026-10',
    });
  return period;
}

@ApiTags('bill runs')
@Controller('bill-runs')
export class BillRunsController {
  constructor(@Inject(BillRunService) private readonly runs: BillRunService) {}

  @Post(':period')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start (or resume) the bill run of a period; poll GET /bill-runs/{period} for progress',
  })
  start(@Param('period') period: string): Promise<BillRunProgress> {
    return this.runs.start(checkPeriod(period));
  }

  @Get()
  @ApiOperation({ summary: 'Every bill run, newest period first' })
  list(): Promise<BillRunProgress[]> {
    return this.runs.list();
  }

  @Get(':period')
  @ApiOperation({ summary: 'Progress of a bill run: total, processed, billed, rate, ETA, failures' })
  async get(@Param('period') period: string): Promise<BillRunProgress> {
    const progress = await this.runs.get(checkPeriod(period));
    if (!progress)
      throw new NotFoundException({ code: 'BILL_RUN_NOT_FOUND', message: `no bill run for ${period}` });
    return progress;
  }
}
