import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SettlementHandler, type SettlementIssue } from './settlement.handler';

@ApiTags('settlement')
@Controller('settlement-issues')
export class SettlementController {
  constructor(@Inject(SettlementHandler) private readonly settlement: SettlementHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Payments that did not fit their bill (unknown bill, no open bill, over/under payment)',
  })
  @ApiQuery({ name: 'customerCode', required: false })
  list(@Query('customerCode') customerCode?: string): Promise<SettlementIssue[]> {
    return this.settlement.listIssues(customerCode);
  }
}
