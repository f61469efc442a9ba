import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import { httpError } from '../http-errors';
import { OpenBills, type OpenBillsView } from './open-bills';

@ApiTags('internal: gateway')
@Controller('internal/bills')
export class OpenBillsController {
  constructor(@Inject(OpenBills) private readonly openBills: OpenBills) {}

  @Get()
  @ApiOperation({ summary: "A customer's open bills, oldest first (404 CUSTOMER_NOT_FOUND when unknown)" })
  @ApiQuery({ name: 'customerCode', example: 'PB05020054904' })
  async list(@Query('customerCode') customerCode?: string): Promise<OpenBillsView> {
    if (!customerCode || !CUSTOMER_CODE.test(customerCode))
      throw httpError(
        400,
        'VALIDATION_FAILED',
        'customerCode must be 13 characters: unit code (6) + 7-digit serial, e.g. PB05020054904',
        'customerCode',
      );
    const view = await this.openBills.forCustomer(customerCode);
    if (!view) throw httpError(404, 'CUSTOMER_NOT_FOUND', `no customer ${customerCode}`, 'customerCode');
    return view;
  }
}
