import { Module } from '@nestjs/common';
import { BankModule } from '../bank/bank.module';
import { PartnerClient } from './partner-client';
import { PartnerClientController } from './partner-client.controller';
import { PartnerFilesController } from './partner-files.controller';
import { PartnerMandatesController } from './partner-mandates.controller';

/**
 * The banks and intermediaries, played: payments, mandates and end-of-day files as signed partner API
 * calls to the gateway (SANDBOX_GATEWAY_URL).
 */
@Module({
  imports: [BankModule],
  controllers: [PartnerClientController, PartnerMandatesController, PartnerFilesController],
  providers: [
    {
      provide: PartnerClient,
      useFactory: () =>
        new PartnerClient((process.env.SANDBOX_GATEWAY_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '')),
    },
  ],
})
export class PartnerClientModule {}
