import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import { PARTNER_HEADERS } from '@gridpay/partner-api';
import { PartnerAuthGuard, type PartnerRequest } from '../auth/partner-auth.guard';
import { ProviderIntegrationClient } from '../http/provider-integration.client';
import { badRequest, validBody } from '../http/valid-body';
import {
  ApiErrorDto,
  OpenBillsDto,
  PARTNER_TXN_ID,
  PaymentAcceptedDto,
  PaymentDto,
  PaymentRequestDto,
  ReconciliationDto,
  ReversalRequestDto,
} from './payment.dto';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function txnId(partnerTxnId: string): string {
  if (!PARTNER_TXN_ID.test(partnerTxnId))
    throw badRequest('partnerTxnId must be 1–64 letters, digits, dot, dash or underscore', 'partnerTxnId');
  return encodeURIComponent(partnerTxnId);
}

const errors = (...statuses: number[]) =>
  statuses.map((status) =>
    ApiResponse({ status, type: ApiErrorDto, description: 'error { code, message, field? }' }),
  );

/** The public partner API, v1: inquiry, payment, status, same-day reversal, daily reconciliation. */
@ApiTags('partner API v1')
@ApiHeader({ name: PARTNER_HEADERS.partnerCode, required: true, example: 'agribank' })
@ApiHeader({ name: PARTNER_HEADERS.keyId, required: true, example: 'agribank-sbx-1' })
@ApiHeader({ name: PARTNER_HEADERS.timestamp, required: true, description: 'unix seconds, within 300 s' })
@ApiHeader({
  name: PARTNER_HEADERS.nonce,
  required: true,
  description: '16–64 visible ASCII characters, never reused',
})
@ApiHeader({ name: PARTNER_HEADERS.signature, required: true, description: 'see the signing recipe above' })
@applyDecorators(...errors(401, 403, 413, 429))
@UseGuards(PartnerAuthGuard)
@Controller('v1')
export class PartnerApiController {
  constructor(@Inject(ProviderIntegrationClient) private readonly upstream: ProviderIntegrationClient) {}

  @Get('bills')
  @ApiOperation({ summary: "A customer's open bills, oldest first" })
  @ApiQuery({ name: 'customerCode', example: 'PB05020054904' })
  @ApiResponse({ status: 200, type: OpenBillsDto })
  @applyDecorators(...errors(400, 404))
  async bills(@Query('customerCode') customerCode?: string): Promise<OpenBillsDto> {
    if (typeof customerCode !== 'string' || !CUSTOMER_CODE.test(customerCode))
      throw badRequest('customerCode must be 13 characters, e.g. PB05020054904', 'customerCode');
    const { body } = await this.upstream.expect<OpenBillsDto>(
      'GET',
      `/internal/bills?customerCode=${encodeURIComponent(customerCode)}`,
    );
    return { customerCode: body.customerCode, bills: body.bills };
  }

  @Post('payments')
  @ApiOperation({
    summary: 'Pay: 201 the first time; the same request again → 200 with the identical body',
    description:
      'Idempotent on (partner, partnerTxnId): the same id with different content → 409 IDEMPOTENCY_CONFLICT. Without billIds the amount pays the oldest open bills first; what no open bill takes is kept as customer credit (`credit`).',
  })
  @ApiResponse({ status: 201, type: PaymentAcceptedDto })
  @ApiResponse({ status: 200, type: PaymentAcceptedDto, description: 'the same request again' })
  @applyDecorators(...errors(400, 404, 409))
  async pay(
    @Req() request: PartnerRequest,
    @Body(validBody(PaymentRequestDto)) body: PaymentRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PaymentAcceptedDto> {
    if (!request.partner.channels.includes(body.channel))
      throw badRequest(
        `channel must be one of your channels: ${request.partner.channels.join(', ')}`,
        'channel',
      );
    const answer = await this.upstream.expect<PaymentAcceptedDto>('POST', '/internal/payments', {
      json: {
        partner: request.partner.code,
        partnerTxnId: body.partnerTxnId,
        customerCode: body.customerCode,
        ...(body.billIds ? { billIds: body.billIds } : {}),
        amount: body.amount,
        channel: body.channel,
        paidAt: body.paidAt,
      },
    });
    response.status(answer.status === 201 ? 201 : 200);
    const { paymentId, partnerTxnId, status, appliedTo, credit } = answer.body;
    return { paymentId, partnerTxnId, status, appliedTo, credit };
  }

  @Get('payments/:partnerTxnId')
  @ApiOperation({ summary: 'One of your payments with its current status (ACCEPTED, REVERSED)' })
  @ApiResponse({ status: 200, type: PaymentDto })
  @applyDecorators(...errors(404))
  async payment(
    @Req() request: PartnerRequest,
    @Param('partnerTxnId') partnerTxnId: string,
  ): Promise<PaymentDto> {
    const { body } = await this.upstream.expect<PaymentDto>(
      'GET',
      `/internal/payments/${encodeURIComponent(request.partner.code)}/${txnId(partnerTxnId)}`,
    );
    return body;
  }

  @Post('payments/:partnerTxnId/reversal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reverse on the business day of payment (Asia/Ho_Chi_Minh); twice → 200 with the same body',
    description: 'After that day: 422 REVERSAL_WINDOW_CLOSED. The body is optional.',
  })
  @ApiBody({ type: ReversalRequestDto, required: false })
  @ApiResponse({ status: 200, schema: { example: { status: 'REVERSED' } } })
  @applyDecorators(...errors(404, 422))
  async reverse(
    @Req() request: PartnerRequest,
    @Param('partnerTxnId') partnerTxnId: string,
  ): Promise<{ status: 'REVERSED' }> {
    const path = `/internal/payments/${encodeURIComponent(request.partner.code)}/${txnId(partnerTxnId)}/reversal`;
    const raw = request.body as unknown;
    const body =
      raw === undefined
        ? new ReversalRequestDto()
        : await validBody(ReversalRequestDto).transform(raw, { type: 'body' });
    await this.upstream.expect('POST', path, { json: body.reason ? { reason: body.reason } : {} });
    return { status: 'REVERSED' };
  }

  @Post('reconciliations/:date')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Compare your file of a business day with our payments of that day',
    description:
      'Body: CSV (text/csv), columns partnerTxnId,customerCode,amount,paidAt, optional header row. Reversed payments are not counted as ours.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'partnerTxnId,customerCode,amount,paidAt\nAGR-20261105-0001,PB05020054904,346356,2026-11-05T08:00:00+07:00',
    },
  })
  @ApiResponse({ status: 200, type: ReconciliationDto })
  @applyDecorators(...errors(400))
  async reconcile(@Req() request: PartnerRequest, @Param('date') date: string): Promise<ReconciliationDto> {
    if (!DATE.test(date)) throw badRequest('the date must look like 2026-11-05', 'date');
    const text = request.rawBody.toString('utf8');
    if (text.trim() === '') throw badRequest('send your CSV file as the body (text/csv)', 'body');
    const { body } = await this.upstream.expect<ReconciliationDto>(
      'POST',
      `/internal/reconciliations/${encodeURIComponent(request.partner.code)}/${date}`,
      { text },
    );
    return body;
  }
}
