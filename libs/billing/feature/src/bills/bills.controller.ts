import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseBillId } from '@gridpay/billing/domain';
import { CUSTOMER_CODE, PERIOD } from '@gridpay/contracts';
import { BillQueries, type BillView } from './bill.queries';

@ApiTags('bills')
@Controller('bills')
export class BillsController {
  constructor(@Inject(BillQueries) private readonly queries: BillQueries) {}

  @Get()
  @ApiOperation({ summary: "A customer's bills of the last 24 months, or of one period" })
  @ApiQuery({ name: 'customerCode', example: 'PB05020054904' })
  @ApiQuery({ name: 'period', required: false, example: '2026-10' })
  async list(
    @Query('customerCode') customerCode?: string,
    @Query('period') period?: string,
  ): Promise<BillView[]> {
    if (!customerCode || !CUSTOMER_CODE.test(customerCode))
      throw new BadRequestException({
        code: 'INVALID_FIELD',
        field: 'customerCode',
        message: 'customerCode must be 13 characters, e.g. PB05020054904',
      });
    if (period !== undefined && !PERIOD.test(period))
      throw new BadRequestException({
        code: 'INVALID_FIELD',
        field: 'period',
        message: 'period must look like 2026-10',
      });
    const until = period ? `${period}-01` : new Date().toISOString().slice(0, 10);
    return this.queries.forCustomer(customerCode, until, period ? 1 : 24);
  }

  @Get(':billId')
  @ApiOperation({ summary: 'One bill with its status and what is still due' })
  async get(@Param('billId') billId: string): Promise<BillView> {
    return this.found(billId);
  }

  @Get(':billId/explanation')
  @ApiOperation({ summary: 'Why the bill is this amount: reading, kWh, tariff lines, price decisions, VAT' })
  async explain(@Param('billId') billId: string) {
    const bill = await this.found(billId);
    const { issued } = bill;
    return {
      billId,
      customerCode: bill.customerCode,
      period: bill.period,
      reading: issued.reading,
      kwh: issued.kwh,
      lines: issued.lines,
      tariffs: issued.tariffs,
      subtotal: issued.subtotal,
      vatRate: issued.vatRate,
      vat: issued.vat,
      total: issued.total,
      creditApplied: issued.creditApplied,
      amountDue: issued.amountDue,
      dueDate: issued.dueDate,
      rounding:
        'Line amounts are kWh x unit price in whole dong; VAT = subtotal x rate, rounded half up to the dong; a period spanning a price change is split by days (EVN rule), kWh and tier widths rounded half up, the last part takes the remainder.',
    };
  }

  private async found(billId: string): Promise<BillView> {
    if (!parseBillId(billId))
      throw new BadRequestException({
        code: 'INVALID_FIELD',
        field: 'billId',
        message: 'billId looks like PB05020054904-2026-10',
      });
    const bill = await this.queries.get(billId);
    if (!bill) throw new NotFoundException({ code: 'BILL_NOT_FOUND', message: `no bill ${billId}` });
    return bill;
  }
}
