import { Controller, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { readTextBody } from '@gridpay/shared/service';
import { RecordReadings, type ReadingImportReport } from './record-readings';

@ApiTags('readings')
@Controller('readings')
export class ReadingsController {
  constructor(@Inject(RecordReadings) private readonly recordReadings: RecordReadings) {}

  @Post('import')
  @ApiOperation({
    summary: 'Import a reading book (CSV; columns in libs/billing/domain/src/import/README.md)',
    description:
      'Each row is recorded whole or refused with a reason: unknown-customer, duplicate-reading, read-date-not-after-previous, old-index-mismatch, new-index-below-old (state indexReset rollover or replacement), missing-band-indexes, malformed numbers and dates.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'customerCode,readDate,oldIndex,newIndex\nPC05QS0000001,2026-10-20,1200,1350',
    },
  })
  async importBook(@Req() request: Request): Promise<ReadingImportReport> {
    return this.recordReadings.importBook(await readTextBody(request));
  }
}
