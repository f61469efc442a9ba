import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, loadConfig, PlatformConfig } from '@gridpay/shared/config';
import { JsonLogger, type Telemetry } from '@gridpay/shared/telemetry';
import { PlatformModule } from './platform.module';
import { isOpsCommand, runOpsCommand, type ProjectionSpec } from './ops-commands';

const SHUTDOWN_DEADLINE_MS = 30_000;

export interface ServiceDefinition<C extends PlatformConfig> {
  /** Short name: service.name in traces, Kafka client id, log field. */
  name: string;
  title: string;
  config: new () => C;
  /** The service's own modules, given its validated config. */
  modules: (config: C) => Array<Type | DynamicModule>;
  /** Its projections, for `rebuild-projection`. */
  projections?: ProjectionSpec[];
  /** Shown at the top of the OpenAPI page. */
  description?: string;
  /**
   * false: Nest parses no request body; the service reads the raw bytes itself (the gateway signs
   * them and answers an oversized or malformed body with its own error shape).
   */
  bodyParser?: boolean;
}

/**
 * A service that needs no variables beyond the platform's: its defaults are its port and its own
 * database. Services with settings of their own declare a config class extending PlatformConfig.
 */
export function defineService<C extends PlatformConfig = PlatformConfig>(service: {
  name: string;
  title: string;
  port: number;
  /** A config class extending PlatformConfig for the service's own variables. */
  config?: new () => C;
  modules?: ServiceDefinition<C>['modules'];
  projections?: ProjectionSpec[];
  description?: string;
  bodyParser?: boolean;
}): ServiceDefinition<C> {
  const Base: new () => PlatformConfig = service.config ?? PlatformConfig;
  class ServiceConfig extends Base {
    override PORT = service.port;
    override MONGODB_DB = `gridpay-${service.name}`;
  }
  return {
    name: service.name,
    title: service.title,
    config: ServiceConfig as unknown as new () => C,
    modules: service.modules ?? (() => []),
    projections: service.projections,
    description: service.description,
    bodyParser: service.bodyParser,
  };
}

export async function createServiceApp<C extends PlatformConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: JsonLogger,
): Promise<INestApplication> {
  @Module({ imports: [PlatformModule.forRoot(definition.name, config), ...definition.modules(config)] })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule, {
    logger,
    abortOnError: false,
    ...(definition.bodyParser === false ? { bodyParser: false } : {}),
  });
  const openApi = new DocumentBuilder()
    .setTitle(`GridPay ${definition.title}`)
    .setDescription(definition.description ?? '')
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

/**
 * Composition root shared by every service: validate the environment (a bad variable stops the
 * process with its name), start Nest with JSON logs, listen, and close cleanly on SIGTERM/SIGINT
 * (consumers leave their groups, connections close, spans are flushed).
 */
export async function runService<C extends PlatformConfig>(
  definition: ServiceDefinition<C>,
  telemetry: Telemetry,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig(definition.config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      await telemetry.shutdown();
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const [command, argument] = process.argv.slice(2);
  if (isOpsCommand(command)) {
    const code = await runOpsCommand(command, argument, config, definition.projections ?? [], (line) =>
      process.stdout.write(line + '\n'),
    );
    await telemetry.shutdown();
    process.exit(code);
  }
  const logger = new JsonLogger(definition.name, config.LOG_LEVEL);
  const app = await createServiceApp(definition, config, logger);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`, 'Lifecycle');
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal} received: shutting down`, 'Lifecycle');
    // A consumer waits for its batch to finish before it leaves; a batch stuck on a database that
    // stopped answering would keep the process alive for good. What it had not committed is read
    // again by the next instance and deduplicated.
    setTimeout(() => {
      logger.warn(`still shutting down after ${SHUTDOWN_DEADLINE_MS / 1000} s: exiting`, 'Lifecycle');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await app.close();
      await telemetry.shutdown();
      logger.log('stopped', 'Lifecycle');
      process.exit(0);
    } catch (error) {
      logger.error(error, 'Lifecycle');
      process.exit(1);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await app.listen(config.PORT, process.env.HOST ?? '0.0.0.0');
  logger.log(`listening on :${config.PORT} (health /health/ready, OpenAPI /docs)`, 'Lifecycle');
}
