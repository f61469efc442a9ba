import { Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { ProviderIntegrationClient } from '../http/provider-integration.client';
import { CheckoutOrders } from './checkout-orders';
import { CheckoutService } from './checkout.service';
import { CHECKOUT_OPTIONS, type CheckoutOptions } from './checkout.options';
import { MomoCheckoutController } from './momo-checkout.controller';
import { VnpayCheckoutController } from './vnpay-checkout.controller';

/** Wallet checkout (VNPay, MoMo) for the company's web/app, inside the gateway app. */
@Module({})
export class CheckoutModule {
  static forRoot(
    options: CheckoutOptions,
    upstream: { providerIntegrationUrl: string; upstreamTimeoutMs?: number },
  ): DynamicModule {
    return {
      module: CheckoutModule,
      controllers: [VnpayCheckoutController, MomoCheckoutController],
      providers: [
        { provide: CHECKOUT_OPTIONS, useValue: options },
        {
          provide: CheckoutService,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) =>
            new CheckoutService(
              new CheckoutOrders(connection),
              new ProviderIntegrationClient(upstream.providerIntegrationUrl, upstream.upstreamTimeoutMs),
            ),
        },
      ],
    };
  }
}
