import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@gridpay/shared/mongo';
import { CheckoutModule } from './checkout/checkout.module';
import { NonceStore } from './auth/nonce-store';
import { PartnerAuthGuard } from './auth/partner-auth.guard';
import { RateLimiter } from './auth/rate-limiter';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway.options';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { ProviderIntegrationClient } from './http/provider-integration.client';
import { rawBodyMiddleware } from './http/raw-body.middleware';
import { MandatesController } from './mandates/mandates.controller';
import { PartnerApiController } from './v1/partner-api.controller';

const RECONCILIATION_FILE = /^\/v1\/reconciliations\/[^/?]+(\?|$)/;

/**
 * The partner gateway: signed requests under /v1, validated and passed to provider-integration's
 * internal API. The app must start with Nest's body parser off (the signature covers raw bytes).
 */
@Module({})
export class GatewayModule implements NestModule, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Gateway');
  private sweeper?: NodeJS.Timeout;

  static forRoot(options: GatewayOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: options.checkout ? [CheckoutModule.forRoot(options.checkout, options)] : [],
      controllers: [PartnerApiController, MandatesController],
      providers: [
        { provide: GATEWAY_OPTIONS, useValue: options },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        {
          provide: ProviderIntegrationClient,
          useFactory: () =>
            new ProviderIntegrationClient(options.providerIntegrationUrl, options.upstreamTimeoutMs),
        },
        {
          provide: NonceStore,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) => new NonceStore(connection),
        },
        {
          provide: RateLimiter,
          useFactory: () => new RateLimiter(options.rateLimit.perSecond, options.rateLimit.burst),
        },
        PartnerAuthGuard,
      ],
    };
  }

  constructor(
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    @Inject(NonceStore) private readonly nonces: NonceStore,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const { bodyLimitBytes, fileBodyLimitBytes } = this.options;
    consumer
      .apply(
        rawBodyMiddleware((request) =>
          request.method === 'POST' && RECONCILIATION_FILE.test(request.originalUrl)
            ? fileBodyLimitBytes
            : bodyLimitBytes,
        ),
      )
      .forRoutes('*');
  }

  onApplicationBootstrap(): void {
    const sweep = () =>
      this.nonces
        .dropOldDays()
        .then(
          (dropped) => dropped.length > 0 && this.logger.log(`dropped old nonce days: ${dropped.join(', ')}`),
        )
        .catch(() => undefined);
    void sweep();
    this.sweeper = setInterval(sweep, 3600_000).unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}
