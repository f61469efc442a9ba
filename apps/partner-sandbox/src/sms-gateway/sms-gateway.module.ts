import { Module } from '@nestjs/common';
import { SMS_GATEWAY_API_KEY, SmsGatewayController } from './sms-gateway.controller';
import { SmsGatewayStore } from './sms-gateway.store';

/** The stand-in brandname SMS operator (POST /sms); its API key is SANDBOX_SMS_API_KEY. */
@Module({
  controllers: [SmsGatewayController],
  providers: [
    { provide: SmsGatewayStore, useValue: new SmsGatewayStore() },
    { provide: SMS_GATEWAY_API_KEY, useFactory: () => process.env.SANDBOX_SMS_API_KEY ?? 'sandbox-sms-key' },
  ],
})
export class SmsGatewayModule {}
