import type { PipeTransform } from '@nestjs/common';
import { checkDto } from '@gridpay/contracts';
import { httpError } from './http-errors';

/** Validates a JSON body against a class-validator DTO; 400 VALIDATION_FAILED names the first bad field. */
export function validBody<T extends object>(dto: new () => T): PipeTransform<unknown, Promise<T>> {
  return {
    async transform(value: unknown): Promise<T> {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw httpError(400, 'VALIDATION_FAILED', 'the body must be a JSON object', 'body');
      const checked = await checkDto(dto, value);
      if (!checked.ok) throw httpError(400, 'VALIDATION_FAILED', checked.message, checked.field);
      return checked.value;
    },
  };
}
