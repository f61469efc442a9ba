import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The raw body of a text upload (CSV files): Nest parses JSON only, so the stream is still unread.
 * Refuses an empty body and one above `maxBytes` with the platform's error shape.
 */
export async function readTextBody(request: Request, maxBytes = 50 * 1024 * 1024): Promise<string> {
  if (typeof request.body === 'string') return request.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new PayloadTooLargeException({
        code: 'PAYLOAD_TOO_LARGE',
        message: `the file is over ${maxBytes} bytes`,
      });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '')
    throw new BadRequestException({
      code: 'EMPTY_FILE',
      field: 'body',
      message: 'send the CSV file as the request body (text/csv)',
    });
  return text;
}
