import { Module, type DynamicModule } from '@nestjs/common';
import type { PlatformConfig } from '@gridpay/shared/config';
import { HealthModule } from '@gridpay/shared/health';
import { KafkaModule } from '@gridpay/shared/kafka';
import { MongoModule } from '@gridpay/shared/mongo';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** What every GridPay service stands on: its config, Kafka, its MongoDB database and health probes. */
@Module({})
export class PlatformModule {
  static forRoot(service: string, config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        HealthModule,
        KafkaModule.forRoot({
          clientId: `gridpay-${service}`,
          brokers: config.KAFKA_BROKERS,
          groupPrefix: config.KAFKA_GROUP_PREFIX,
        }),
        MongoModule.forRoot({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB }),
      ],
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
