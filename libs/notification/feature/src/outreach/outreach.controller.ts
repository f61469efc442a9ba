import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { CUSTOMER_CODE, PURPOSES, type Purpose } from '@gridpay/contracts';
import type { ChannelChoice } from '@gridpay/notification/domain';
import { validBody } from '../preferences/preferences.controller';
import { OutreachService } from './outreach.service';

export class OutreachSegmentBody {
  @ApiPropertyOptional({ example: 'Quế An' })
  @IsOptional()
  @IsString()
  commune?: string;

  @ApiPropertyOptional({ enum: PURPOSES })
  @IsOptional()
  @IsIn(PURPOSES)
  purpose?: Purpose;

  @ApiPropertyOptional({ description: 'a list from staff', example: ['PB05020054904'] })
  @IsOptional()
  @IsArray()
  @Matches(CUSTOMER_CODE, { each: true, message: 'customerCodes must be 13-character customer codes' })
  customerCodes?: string[];
}

export class OutreachBody {
  @ApiProperty({ type: OutreachSegmentBody })
  @ValidateNested()
  @Type(() => OutreachSegmentBody)
  segment!: OutreachSegmentBody;

  @ApiProperty({ enum: ['sms', 'email', 'both'] })
  @IsIn(['sms', 'email', 'both'])
  channel!: ChannelChoice;

  @ApiProperty({ example: 'NV0123' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'employeeCode must be 1-32 letters, digits, - or _' })
  employeeCode!: string;

  @ApiProperty({ example: '2026-11-que-an-schools' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'campaign must be 1-64 letters, digits, - or _' })
  campaign!: string;
}

@ApiTags('outreach')
@Controller('outreach')
export class OutreachController {
  constructor(@Inject(OutreachService) private readonly outreach: OutreachService) {}

  @Post()
  @ApiOperation({
    summary: 'Invite the customers of a segment who still pay in cash to pay online or register auto-debit',
    description:
      'Each gets a short code; enrollments that follow are attributed to the campaign and employee. Repeating a campaign invites nobody twice.',
  })
  async send(@Body() body: unknown) {
    const request = validBody(OutreachBody, body);
    return this.outreach.send(request);
  }

  @Get(':campaign')
  @ApiOperation({
    summary: 'A campaign: who was invited with which code, and the enrollments attributed to it',
  })
  async report(@Param('campaign') campaign: string) {
    return this.outreach.report(campaign);
  }
}
