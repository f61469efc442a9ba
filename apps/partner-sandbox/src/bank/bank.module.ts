import { Module } from '@nestjs/common';
import { BankController } from './bank.controller';
import { BankStore } from './bank.store';

/** The stand-in bank for auto-debit (under /bank): GridPay's BANK_ADAPTER_URL points here. */
@Module({
  controllers: [BankController],
  providers: [{ provide: BankStore, useValue: new BankStore() }],
  exports: [BankStore],
})
export class BankModule {}
