import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseCustomerFile, type CustomerRecord } from '@gridpay/billing/domain';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import { readTextBody } from '@gridpay/shared/service';
import { CustomerRepository } from './customer.repository';

@ApiTags('customers')
@Controller('customers')
export class CustomersController {
  constructor(@Inject(CustomerRepository) private readonly customers: CustomerRepository) {}

  @Post('import')
  @ApiOperation({
    summary: 'Import the customer file (CSV; columns in libs/billing/domain/src/import/README.md)',
    description:
      'Valid rows are stored (new customers added, known ones replaced); every refused row is reported with its line, field and reason.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'customerCode,name,commune,purpose\nPC05QS0000001,Nguyễn Văn An,Quế An,residential',
    },
  })
  async importFile(@Req() request: Request) {
    const { accepted, rejected } = parseCustomerFile(await readTextBody(request));
    const { inserted, updated } = await this.customers.save(accepted);
    return { accepted: accepted.length, inserted, updated, rejected };
  }

  @Get()
  @ApiOperation({ summary: 'How many customers billing knows' })
  async count(): Promise<{ count: number }> {
    return { count: await this.customers.count() };
  }

  @Get(':customerCode')
  @ApiOperation({ summary: "Billing's record of a customer" })
  async get(@Param('customerCode') customerCode: string): Promise<CustomerRecord> {
    if (!CUSTOMER_CODE.test(customerCode))
      throw new BadRequestException({
        code: 'INVALID_FIELD',
        field: 'customerCode',
        message: 'customerCode must be 13 characters, e.g. PB05020054904',
      });
    const customer = await this.customers.get(customerCode);
    if (!customer)
      throw new NotFoundException({ code: 'CUSTOMER_NOT_FOUND', message: `no customer ${customerCode}` });
    return customer;
  }
}
