import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthRegistry } from '@gridpay/shared/health';
import { KafkaConnection, type KafkaOptions } from './kafka.connection';

const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');

@Global()
@Module({})
export class KafkaModule implements OnApplicationBootstrap, OnApplicationShutdown {
  static forRoot(options: KafkaOptions): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        { provide: KAFKA_OPTIONS, useValue: options },
        {
          provide: KafkaConnection,
          inject: [KAFKA_OPTIONS],
          useFactory: (opts: KafkaOptions) => new KafkaConnection(opts, new Logger('Kafka')),
        },
      ],
      exports: [KafkaConnection],
    };
  }

  constructor(
    @Inject(KafkaConnection) private readonly kafka: KafkaConnection,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register('kafka', () => this.kafka.checkReachable());
    void this.kafka.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.close();
  }
}
