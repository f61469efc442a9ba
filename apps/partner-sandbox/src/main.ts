import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JsonLogger } from '@gridpay/shared/telemetry';
import { SandboxModule } from './sandbox.module';

/** Not part of GridPay: the stand-in for banks, wallets and the SMS operator (port 3090 by default). */
async function main(): Promise<void> {
  const logger = new JsonLogger('partner-sandbox', (process.env.LOG_LEVEL ?? 'info') as 'info');
  const app = await NestFactory.create(SandboxModule, { logger, rawBody: true });
  SwaggerModule.setup(
    'docs',
    app,
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle('GridPay partner sandbox (not GridPay)').build(),
    ),
  );
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3090);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  logger.log(`partner sandbox listening on :${port} (OpenAPI /docs)`, 'Lifecycle');
}

void main();
