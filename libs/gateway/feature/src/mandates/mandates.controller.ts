import {
  applyDecorators,
  Controller,
  Delete,
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
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import { PartnerAuthGuard, type PartnerRequest } from '../auth/partner-auth.guard';
import { ProviderIntegrationClient } from '../http/provider-integration.client';
import { badRequest, validBody } from '../http/valid-body';
import { ApiErrorDto } from '../v1/payment.dto';
import { MANDATE_ID, MandateCancelDto, MandateDto, MandateListDto, MandateRequestDto } from './mandate.dto';

const errors = (...statuses: number[]) =>
  statuses.map((status) =>
    ApiResponse({ status, type: ApiErrorDto, description: 'error { code, message, field? }' }),
  );

/** Only what a partner may see of a mandate (the account masked). */
function mandate(body: MandateDto): MandateDto {
  const { mandateId, customerCode, accountMasked, enrolledBy, status, registeredAt, endedAt, endReason } =
    body;
  return {
    mandateId,
    customerCode,
    accountMasked,
    ...(enrolledBy ? { enrolledBy } : {}),
    status,
    registeredAt,
    ...(endedAt ? { endedAt } : {}),
    ...(endReason ? { endReason } : {}),
  };
}

/** Auto-debit mandates, signed like every partner call; a bank sees and changes only its own. */
@ApiTags('partner API v1')
@applyDecorators(...errors(401, 403, 413, 429))
@UseGuards(PartnerAuthGuard)
@Controller('v1/mandates')
export class MandatesController {
  constructor(@Inject(ProviderIntegrationClient) private readonly upstream: ProviderIntegrationClient) {}

  @Post()
  @ApiOperation({
    summary: 'Register a mandate: 201 the first time, the same request again → 200 with the same body',
    description:
      'One active mandate per customer (422 MANDATE_EXISTS); the same mandateRef with other content → 409 IDEMPOTENCY_CONFLICT; partners without the AUTO_DEBIT channel → 403. Bills issued from now on are debited from the account.',
  })
  @ApiResponse({ status: 201, type: MandateDto })
  @applyDecorators(...errors(400, 409, 422))
  async register(
    @Req() request: PartnerRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MandateDto> {
    const body = await validBody(MandateRequestDto).transform(request.body, { type: 'body' });
    const answer = await this.upstream.expect<MandateDto>('POST', '/internal/mandates', {
      json: {
        partner: request.partner.code,
        mandateRef: body.mandateRef,
        customerCode: body.customerCode,
        accountRef: body.accountRef,
        ...(body.enrolledBy ? { enrolledBy: body.enrolledBy } : {}),
      },
    });
    response.status(answer.status === 201 ? 201 : 200);
    return mandate(answer.body);
  }

  @Delete(':mandateId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel one of your mandates; again → 200 with the same body. Body optional: {reason}',
  })
  @ApiBody({ type: MandateCancelDto, required: false })
  @ApiResponse({ status: 200, type: MandateDto })
  @applyDecorators(...errors(400, 404))
  async cancel(@Req() request: PartnerRequest, @Param('mandateId') mandateId: string): Promise<MandateDto> {
    if (!MANDATE_ID.test(mandateId))
      throw badRequest('mandateId looks like agribank.UNC-2026-000123', 'mandateId');
    const raw = request.body as unknown;
    const body =
      raw === undefined
        ? new MandateCancelDto()
        : await validBody(MandateCancelDto).transform(raw, { type: 'body' });
    const { body: answer } = await this.upstream.expect<MandateDto>(
      'POST',
      `/internal/mandates/${encodeURIComponent(request.partner.code)}/${encodeURIComponent(mandateId)}/cancellation`,
      { json: body.reason ? { reason: body.reason } : {} },
    );
    return mandate(answer);
  }

  @Get()
  @ApiOperation({ summary: "A customer's mandates with you (any status), accounts masked" })
  @ApiQuery({ name: 'customerCode', example: 'PB05020054904' })
  @ApiResponse({ status: 200, type: MandateListDto })
  @applyDecorators(...errors(400))
  async list(
    @Req() request: PartnerRequest,
    @Query('customerCode') customerCode?: string,
  ): Promise<MandateListDto> {
    if (typeof customerCode !== 'string' || !CUSTOMER_CODE.test(customerCode))
      throw badRequest('customerCode must be 13 characters, e.g. PB05020054904', 'customerCode');
    const { body } = await this.upstream.expect<MandateListDto>(
      'GET',
      `/internal/mandates?customerCode=${encodeURIComponent(customerCode)}&partner=${encodeURIComponent(request.partner.code)}`,
    );
    return { customerCode, mandates: body.mandates.map(mandate) };
  }
}
