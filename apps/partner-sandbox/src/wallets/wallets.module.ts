import { Controller, Get, Header, Inject, Module, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { escapeHtml, page } from './ipn-delivery';
import { MomoWalletController } from './momo-wallet.controller';
import { VnpayWalletController } from './vnpay-wallet.controller';
import { WalletOrders } from './wallet-orders';
import { walletsConfig, WALLETS_CONFIG } from './wallets.config';

/** Where the wallets send the customer's browser back (stands in for the company's web/app page). */
@ApiTags('wallets')
@Controller('sandbox/wallets')
export class WalletReturnController {
  constructor(@Inject(WalletOrders) private readonly orders: WalletOrders) {}

  @Get('return')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: "The company's return page, played: shows what the wallet sent back" })
  back(@Query() query: Record<string, string>): string {
    const rows = Object.entries(query)
      .map(([key, value]) => `<tr><td>${escapeHtml(key)}</td><td>${escapeHtml(value)}</td></tr>`)
      .join('');
    return page('Back from the wallet', `<table>${rows}</table>`);
  }

  @Get('orders/:wallet/:id')
  @ApiOperation({ summary: 'An order the sandbox wallet holds, with every IPN sent and its answer' })
  order(@Param('wallet') wallet: string, @Param('id') id: string) {
    return this.orders.get(wallet === 'momo' ? 'momo' : 'vnpay', id) ?? { code: 'ORDER_NOT_FOUND' };
  }
}

/** Stand-ins for VNPay and MoMo: payment pages, the customer paying, IPNs to the gateway. */
@Module({
  controllers: [VnpayWalletController, MomoWalletController, WalletReturnController],
  providers: [
    { provide: WalletOrders, useValue: new WalletOrders() },
    { provide: WALLETS_CONFIG, useFactory: () => walletsConfig() },
  ],
})
export class WalletsModule {}
