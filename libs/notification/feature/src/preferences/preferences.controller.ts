import { BadRequestException, Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CUSTOMER_CODE } from '@gridpay/contracts';
import type { ChannelChoice, Preferences } from '@gridpay/notification/domain';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification.options';
import { DeliveryLog } from '../delivery-log/delivery-log';
import { PreferencesStore } from './preferences.store';

export class PreferencesBody {
  @ApiProperty({ enum: ['sms', 'email', 'both'] })
  @IsIn(['sms', 'email', 'both'])
  channels!: ChannelChoice;

  @ApiProperty({ description: 'true: send this customer nothing' })
  @IsBoolean()
  optOut!: boolean;
}

export function checkCustomerCode(customerCode: string): void {
  if (!CUSTOMER_CODE.test(customerCode))
    throw new BadRequestException({
      code: 'INVALID_FIELD',
      field: 'customerCode',
      message: 'customerCode must be 13 characters, e.g. PB05020054904',
    });
}

export function validBody<T extends object>(schema: new () => T, body: unknown): T {
  const value = plainToInstance(schema, body ?? {});
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    throw new BadRequestException({
      code: 'INVALID_FIELD',
      field: errors[0].property,
      message: errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '),
    });
  return value;
}

@ApiTags('customers')
@Controller('customers')
export class CustomerNotificationsController {
  constructor(
    @Inject(PreferencesStore) private readonly preferences: PreferencesStore,
    @Inject(DeliveryLog) private readonly log: DeliveryLog,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {}

  @Put(':customerCode/preferences')
  @ApiOperation({ summary: "Set a customer's channel (sms, email, both) and opt-out" })
  async setPreferences(
    @Param('customerCode') customerCode: string,
    @Body() body: unknown,
  ): Promise<Preferences> {
    checkCustomerCode(customerCode);
    const { channels, optOut } = validBody(PreferencesBody, body);
    await this.preferences.set(customerCode, { channels, optOut }, this.options.clock());
    return { channels, optOut };
  }

  @Get(':customerCode/preferences')
  @ApiOperation({ summary: "A customer's own choice (404 when they made none: defaults apply)" })
  async getPreferences(@Param('customerCode') customerCode: string) {
    checkCustomerCode(customerCode);
    return (
      (await this.preferences.get(customerCode)) ?? {
        default: true,
        channels: 'contacts on file',
        optOut: false,
      }
    );
  }

  @Get(':customerCode/notifications')
  @ApiOperation({
    summary:
      'Delivery log: every message for the customer, newest first, with status and attempts (destinations masked)',
  })
  async notifications(@Param('customerCode') customerCode: string) {
    checkCustomerCode(customerCode);
    return { customerCode, notifications: await this.log.forCustomer(customerCode) };
  }
}
