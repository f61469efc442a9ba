import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import type { Response } from 'express';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import { CHANNELS, type Channel } from '@gridpay/partner-api';
import { validBody } from '../valid-body';
import { PaymentsService, type PaymentAcceptance, type PaymentView } from './payments.service';

export const PARTNER_TXN_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

class AcceptPaymentDto {
  @IsString()
  partner!: string;
  @Matches(PARTNER_TXN_ID)
  partnerTxnId!: string;
  @Matches(CUSTOMER_CODE)
  customerCode!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(24)
  @IsString({ each: true })
  billIds?: string[];
  @IsInt()
  @Min(1)
  amount!: number;
  @IsIn(CHANNELS)
  channel!: Channel;
  @Matches(ISO_INSTANT)
  paidAt!: string;
}

class ReversalDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** What the gateway calls for a partner's payment; the partner comes from its verified signature. */
@ApiTags('internal: gateway')
@Controller('internal/payments')
export class PaymentsController {
  constructor(@Inject(PaymentsService) private readonly payments: PaymentsService) {}

  @Post()
  @ApiOperation({
    summary: 'Accept a payment: 201 the first time, 200 with the same body for the same request again',
    description:
      '409 IDEMPOTENCY_CONFLICT when the partnerTxnId was used with other content; 404 CUSTOMER_NOT_FOUND; 403 PARTNER_DISABLED; 400 VALIDATION_FAILED naming the field.',
  })
  async accept(
    @Body(validBody(AcceptPaymentDto)) body: AcceptPaymentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PaymentAcceptance> {
    const { created, body: answer } = await this.payments.accept(body);
    response.status(created ? 201 : 200);
    return answer;
  }

  @Get(':partner/:partnerTxnId')
  @ApiOperation({ summary: "A partner's payment with its status (ACCEPTED, REVERSED)" })
  get(@Param('partner') partner: string, @Param('partnerTxnId') partnerTxnId: string): Promise<PaymentView> {
    return this.payments.get(partner, partnerTxnId);
  }

  @Post(':partner/:partnerTxnId/reversal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reverse on the business day of payment (422 REVERSAL_WINDOW_CLOSED after)' })
  reverse(
    @Param('partner') partner: string,
    @Param('partnerTxnId') partnerTxnId: string,
    @Body(validBody(ReversalDto)) body: ReversalDto,
  ): Promise<{ status: 'REVERSED' }> {
    return this.payments.reverse(partner, partnerTxnId, body.reason ?? 'reversed by the partner');
  }
}
