import { HttpException, type PipeTransform } from '@nestjs/common';
import { checkDto } from '@gridpay/contracts';
import { apiError } from '@gridpay/partner-api';
import { MALFORMED_JSON } from './raw-body.middleware';

export const badRequest = (message: string, field?: string) =>
  new HttpException(apiError('VALIDATION_FAILED', message, field), 400);

/**
 * Checks a JSON body against a class-validator DTO without converting types ("100" is not a number):
 * 400 VALIDATION_FAILED names the first field at fault, and nothing reaches provider-integration.
 */
export function validBody<T extends object>(dto: new () => T): PipeTransform<unknown, Promise<T>> {
  return {
    async transform(value: unknown): Promise<T> {
      if (value === MALFORMED_JSON) throw badRequest('the body is not valid JSON', 'body');
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw badRequest('the body must be a JSON object', 'body');
      const checked = await checkDto(dto, value);
      if (!checked.ok) throw badRequest(checked.message, checked.field);
      return checked.value;
    },
  };
}
