import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { BankController } from './bank.controller';
import { BankStateFile } from './bank-state-file';
import { BankStore } from './bank.store';

const stateFile = process.env['SANDBOX_STATE_FILE']
  ? new BankStateFile(process.env['SANDBOX_STATE_FILE'])
  : undefined;

/**
 * The stand-in bank for auto-debit (under /bank): GridPay's BANK_ADAPTER_URL points here. In memory,
 * or kept in SANDBOX_STATE_FILE when that is set (`./gridpay up` does).
 */
@Module({
  controllers: [BankController],
  providers: [
    {
      provide: BankStore,
      useFactory: () => {
        const store = stateFile?.load() ?? new BankStore();
        stateFile?.keep(store);
        return store;
      },
    },
  ],
  exports: [BankStore],
})
export class BankModule implements OnApplicationShutdown {
  constructor(@Inject(BankStore) private readonly store: BankStore) {}

  onApplicationShutdown(): void {
    stateFile?.stop(this.store);
  }
}
