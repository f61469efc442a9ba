import { Logger } from '@nestjs/common';
import type { KnownEvent } from '@gridpay/contracts';
import type { EventHandler } from '@gridpay/shared/messaging';
import type { ReadingInput, RecordReadings } from './record-readings';

/**
 * MeterReadingRecorded from the reading devices' system: recorded like a reading-book row. A refused
 * reading is logged with its reason (it is a fact about the meter, not a fault of the consumer).
 */
export class ReadingEventsHandler implements EventHandler {
  private readonly logger = new Logger('MeterReadings');

  constructor(private readonly recordReadings: RecordReadings) {}

  async handle(events: KnownEvent[]): Promise<void> {
    const inputs: ReadingInput[] = [];
    events.forEach((event, line) => {
      if (event.type !== 'MeterReadingRecorded') return;
      const { data } = event;
      const bands =
        data.peakKwh !== undefined && data.normalKwh !== undefined && data.offPeakKwh !== undefined
          ? { peakKwh: data.peakKwh, normalKwh: data.normalKwh, offPeakKwh: data.offPeakKwh }
          : undefined;
      inputs.push({
        row: {
          line,
          customerCode: data.customerCode,
          readDate: data.readDate,
          oldIndex: data.oldIndex,
          newIndex: data.newIndex,
          ...(data.indexReset ? { indexReset: data.indexReset } : {}),
        },
        source: 'event',
        readingId: data.readingId,
        previousReadDate: data.previousReadDate,
        ...(bands ? { bandKwh: bands } : {}),
      });
    });
    const report = await this.recordReadings.record(inputs);
    for (const refused of report.rejected) {
      this.logger.warn(`reading of ${refused.customerCode} refused: ${refused.reason} (${refused.message})`);
    }
  }
}
