import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import mongoose, { type Connection } from 'mongoose';
import { connectInBackground, HealthRegistry, type BackgroundConnection } from '@gridpay/shared/health';

export interface MongoOptions {
  uri: string;
  dbName: string;
}

/** Inject with `@Inject(MONGO_CONNECTION) connection: Connection`. */
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
const MONGO_OPTIONS = Symbol('MONGO_OPTIONS');

/** Hides credentials in URIs written to logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

@Global()
@Module({})
export class MongoModule implements OnApplicationBootstrap, OnApplicationShutdown {
  static forRoot(options: MongoOptions): DynamicModule {
    return {
      module: MongoModule,
      providers: [
        { provide: MONGO_OPTIONS, useValue: options },
        // Created unconnected: models can be bound at once, operations wait for the background connect.
        { provide: MONGO_CONNECTION, useFactory: () => mongoose.createConnection() },
      ],
      exports: [MONGO_CONNECTION],
    };
  }

  private readonly logger = new Logger('MongoDB');
  private opening?: BackgroundConnection;

  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    @Inject(MONGO_OPTIONS) private readonly options: MongoOptions,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.health.register('mongodb', async () => {
      const db = this.connection.db;
      if (this.connection.readyState !== 1 || !db) throw new Error('not connected');
      await db.command({ ping: 1 });
    });
    this.opening = connectInBackground(
      `mongodb ${redactUri(this.options.uri)} (db ${this.options.dbName})`,
      async () => {
        await this.connection.openUri(this.options.uri, {
          dbName: this.options.dbName,
          serverSelectionTimeoutMS: 5000,
        });
      },
      this.logger,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.opening?.stop();
    await this.connection.close().catch(() => undefined);
  }
}
