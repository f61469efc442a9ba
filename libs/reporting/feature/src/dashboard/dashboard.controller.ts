import { Controller, Get, Header, NotFoundException, Param, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DASHBOARD_HTML, DASHBOARD_JS } from './dashboard.page';

/** Chart.js's UMD build from node_modules: the page needs no outside network. */
function chartJsPath(): string {
  return join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return DASHBOARD_HTML;
  }

  @Get('assets/:file')
  @Header('cache-control', 'no-cache')
  asset(@Param('file') file: string): StreamableFile {
    if (file === 'dashboard.js')
      return new StreamableFile(Buffer.from(DASHBOARD_JS), { type: 'text/javascript; charset=utf-8' });
    if (file === 'chart.umd.min.js') {
      const path = chartJsPath();
      if (!existsSync(path)) throw new NotFoundException('chart.js is not installed (npm ci)');
      return new StreamableFile(createReadStream(path), { type: 'text/javascript; charset=utf-8' });
    }
    throw new NotFoundException(file);
  }
}
