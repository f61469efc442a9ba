import { Controller, Get, Global, Module, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from './health.registry';

@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** The process is up and its event loop turns; says nothing about dependencies. */
  @Get('live')
  live() {
    return { status: 'live' };
  }

  /** 200 only while every registered dependency answers; 503 names the ones that do not. */
  @Get('ready')
  async ready(@Res() res: Response) {
    const report = await this.registry.readiness();
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not ready', ...report });
  }
}

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule {}
