import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import { httpError } from '../http-errors';
import { validBody } from '../valid-body';
import { MandatesService, type MandateView } from './mandates.service';

export const MANDATE_REF = /^[A-Za-z0-9_-]{1,64}$/;

class RegisterMandateDto {
  @IsString()
  partner!: string;
  @Matches(MANDATE_REF)
  mandateRef!: string;
  @Matches(CUSTOMER_CODE)
  customerCode!: string;
  @Matches(/^[0-9A-Za-z-]{4,34}$/)
  accountRef!: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,32}$/)
  enrolledBy?: string;
}

class CancelMandateDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** What the gateway calls for a bank's mandates; the partner comes from its verified signature. */
@ApiTags('internal: gateway')
@Controller('internal/mandates')
export class MandatesController {
  constructor(@Inject(MandatesService) private readonly mandates: MandatesService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a mandate: 201 the first time, 200 for the same request again',
    description:
      '409 IDEMPOTENCY_CONFLICT (same mandateRef, other content), 422 MANDATE_EXISTS (another active one)',
  })
  async register(
    @Body(validBody(RegisterMandateDto)) body: RegisterMandateDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MandateView> {
    const { created, body: view } = await this.mandates.register(body);
    response.status(created ? 201 : 200);
    return view;
  }

  @Post(':partner/:mandateId/cancellation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a mandate (again: the same answer)' })
  cancel(
    @Param('partner') partner: string,
    @Param('mandateId') mandateId: string,
    @Body(validBody(CancelMandateDto)) body: CancelMandateDto,
  ): Promise<MandateView> {
    return this.mandates.cancel(partner, mandateId, body.reason ?? 'cancelled by the bank');
  }

  @Get()
  @ApiOperation({
    summary: "A customer's mandates (with one partner when `partner` is given), accounts masked",
  })
  async list(
    @Query('customerCode') customerCode?: string,
    @Query('partner') partner?: string,
  ): Promise<{ customerCode: string; mandates: MandateView[] }> {
    if (typeof customerCode !== 'string' || !CUSTOMER_CODE.test(customerCode))
      throw httpError(400, 'VALIDATION_FAILED', 'customerCode must be 13 characters', 'customerCode');
    return { customerCode, mandates: await this.mandates.list(partner, customerCode) };
  }
}
