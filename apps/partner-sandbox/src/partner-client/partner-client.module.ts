import { Module } from '@nestjs/common';
import { PartnerClient } from './partner-client';
import { PartnerClientController } from './partner-client.controller';

/** The banks and intermediaries, played: signed partner API calls to the gateway (SANDBOX_GATEWAY_URL). */
@Module({
  controllers: [PartnerClientController],
  providers: [
    {
      provide: PartnerClient,
      useFactory: () =>
        new PartnerClient((process.env.SANDBOX_GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '')),
    },
  ],
})
export class PartnerClientModule {}
