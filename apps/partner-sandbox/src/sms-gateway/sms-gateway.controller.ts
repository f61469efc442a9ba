import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SmsGatewayStore, type FailureMode } from './sms-gateway.store';

export const SMS_GATEWAY_API_KEY = Symbol('SMS_GATEWAY_API_KEY');

const isText = (value: unknown, max = 2000): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * A brandname SMS operator as GridPay's SMS adapter sees one: POST /sms with the API key, idempotent by
 * requestId; plus what a test or the demo needs: what arrived, and failures to play.
 */
@ApiTags('sms-gateway')
@Controller('sms')
export class SmsGatewayController {
  constructor(
    @Inject(SmsGatewayStore) private readonly store: SmsGatewayStore,
    @Inject(SMS_GATEWAY_API_KEY) private readonly apiKey: string,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Send an SMS: {brandname|from, to, text, requestId}, header X-Api-Key' })
  submit(
    @Headers('x-api-key') key: string | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (key !== this.apiKey) {
      res.status(401);
      return { code: 'UNAUTHORIZED', message: 'missing or wrong X-Api-Key' };
    }
    const brandname = body?.['brandname'] ?? body?.['from'];
    const { to, text, requestId } = body ?? {};
    if (!isText(brandname, 11) || !isText(text) || !isText(requestId, 200)) {
      res.status(400);
      return { code: 'BAD_REQUEST', message: 'brandname (or from), text and requestId are required' };
    }
    if (typeof to !== 'string' || !/^\+?\d{9,15}$/.test(to)) {
      res.status(400);
      return { code: 'INVALID_NUMBER', message: 'to must be a phone number' };
    }
    const answer = this.store.submit({ brandname, to, text, requestId });
    res.status(answer.status);
    return answer.body;
  }

  @Get('messages')
  @ApiOperation({ summary: 'What the operator accepted, optionally for one number and since a time (ISO)' })
  messages(@Query('to') to?: string, @Query('since') since?: string, @Query('requestId') requestId?: string) {
    const messages = this.store.list({ to, since, requestId });
    return { count: messages.length, messages };
  }

  @Post('failures')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Play failures for numbers: {numbers, mode: transient (503) | permanent (400 INVALID_NUMBER), times?}',
  })
  fail(
    @Body() body: { numbers?: string[]; mode?: FailureMode; times?: number },
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!Array.isArray(body?.numbers) || (body.mode !== 'transient' && body.mode !== 'permanent')) {
      res.status(400);
      return { code: 'BAD_REQUEST', message: 'numbers (array) and mode (transient|permanent) are required' };
    }
    this.store.failFor(body.numbers, body.mode, typeof body.times === 'number' ? body.times : undefined);
    return undefined;
  }

  @Delete('failures')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop playing failures' })
  clear() {
    this.store.clearFailures();
  }
}
