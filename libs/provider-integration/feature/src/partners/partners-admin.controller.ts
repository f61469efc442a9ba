import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { CHANNELS, type Channel } from '@gridpay/partner-api';
import { PARTNER_KINDS, type PartnerCommand, type PartnerKind } from '@gridpay/payments/domain';
import { httpError, orHttpError } from '../http-errors';
import { validBody } from '../valid-body';
import { PartnerRegistry, partnerView, type PartnerView } from './partner-registry';

class KeyDto {
  @IsString()
  keyId!: string;
  @IsString()
  @MinLength(32)
  secret!: string;
}

class RegisterPartnerDto {
  @IsString()
  code!: string;
  @IsString()
  name!: string;
  @IsIn(PARTNER_KINDS)
  kind!: PartnerKind;
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(CHANNELS, { each: true })
  channels!: Channel[];
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => KeyDto)
  keys?: KeyDto[];
}

class DisableDto {
  @IsString()
  @MinLength(1)
  reason!: string;
}

/**
 * Partner administration for staff: add a partner, add and revoke keys (two may be active while a key
 * rotates), disable and enable. Served on provider-integration's internal port only: the gateway
 * never routes here, so partner credentials cannot reach it.
 */
@ApiTags('admin: partners')
@Controller('admin/partners')
export class PartnersAdminController {
  constructor(@Inject(PartnerRegistry) private readonly registry: PartnerRegistry) {}

  private async run(command: PartnerCommand): Promise<PartnerView> {
    const { state } = await orHttpError(this.registry.execute(command));
    return partnerView(state);
  }

  @Get()
  @ApiOperation({ summary: 'Every partner with its channels, status and key ids (never secrets)' })
  async list(): Promise<PartnerView[]> {
    return (await this.registry.list()).map(partnerView);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One partner' })
  async get(@Param('code') code: string): Promise<PartnerView> {
    const state = await this.registry.get(code);
    if (state.status === 'unregistered')
      throw httpError(404, 'PARTNER_NOT_FOUND', `no partner ${code}`, 'code');
    return partnerView(state);
  }

  @Post()
  @ApiOperation({ summary: 'Register a partner (registering one that exists changes nothing)' })
  register(@Body(validBody(RegisterPartnerDto)) body: RegisterPartnerDto): Promise<PartnerView> {
    return this.run({
      type: 'RegisterPartner',
      code: body.code,
      name: body.name,
      kind: body.kind,
      channels: body.channels,
      keys: body.keys?.map((key) => ({ keyId: key.keyId, secret: key.secret })),
      registeredAt: new Date().toISOString(),
    });
  }

  @Post(':code/keys')
  @ApiOperation({ summary: 'Add a signing key (at most two active: revoke the old one after rotating)' })
  addKey(@Param('code') code: string, @Body(validBody(KeyDto)) body: KeyDto): Promise<PartnerView> {
    return this.run({
      type: 'AddKey',
      code,
      keyId: body.keyId,
      secret: body.secret,
      addedAt: new Date().toISOString(),
    });
  }

  @Post(':code/keys/:keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key: requests signed with it get 401 from now on' })
  revokeKey(@Param('code') code: string, @Param('keyId') keyId: string): Promise<PartnerView> {
    return this.run({ type: 'RevokeKey', code, keyId, revokedAt: new Date().toISOString() });
  }

  @Post(':code/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a partner: its requests get 403 at once' })
  disable(@Param('code') code: string, @Body(validBody(DisableDto)) body: DisableDto): Promise<PartnerView> {
    return this.run({
      type: 'DisablePartner',
      code,
      reason: body.reason,
      disabledAt: new Date().toISOString(),
    });
  }

  @Post(':code/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled partner again' })
  enable(@Param('code') code: string): Promise<PartnerView> {
    return this.run({ type: 'EnablePartner', code, enabledAt: new Date().toISOString() });
  }
}
