import { Module } from '@nestjs/common';
import { BankModule } from './bank/bank.module';
import { MailSinkModule } from './mail-sink/mail-sink.module';
import { SmsGatewayModule } from './sms-gateway/sms-gateway.module';
import { PartnerClientModule } from './partner-client/partner-client.module';
import { WalletsModule } from './wallets/wallets.module';

/**
 * The outside parties GridPay talks to, played locally for the demo and the tests: banks and
 * intermediaries calling the partner API, the wallets' IPNs, a bank's auto-debit endpoint, and a
 * brandname SMS gateway. One folder per stand-in; nothing in GridPay's production code imports it.
 */
@Module({ imports: [BankModule, MailSinkModule, SmsGatewayModule, PartnerClientModule, WalletsModule] })
export class SandboxModule {}
