import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Channel } from '@gridpay/partner-api';
import { httpError } from '../http-errors';
import { PartnerRegistry } from './partner-registry';

/** What the gateway needs to check a signed request: the key's secret and whether it may be used. */
export interface PartnerKeyLookup {
  partner: string;
  status: 'active' | 'disabled';
  channels: Channel[];
  key: { keyId: string; secret: string; active: boolean };
}

@ApiTags('internal: gateway')
@Controller('internal/partners')
export class PartnerKeysController {
  constructor(@Inject(PartnerRegistry) private readonly registry: PartnerRegistry) {}

  @Get(':code/keys/:keyId')
  @ApiOperation({
    summary: "A partner's signing key with the partner's status and channels (the gateway's signature check)",
  })
  async key(@Param('code') code: string, @Param('keyId') keyId: string): Promise<PartnerKeyLookup> {
    const state = await this.registry.get(code);
    const key = state.keys.find((known) => known.keyId === keyId);
    if (state.status === 'unregistered' || !key)
      throw httpError(404, 'KEY_NOT_FOUND', `no key ${keyId} for partner ${code}`, 'keyId');
    return {
      partner: state.code,
      status: state.status === 'disabled' ? 'disabled' : 'active',
      channels: state.channels,
      key: { keyId: key.keyId, secret: key.secret, active: key.active },
    };
  }
}
