import { HttpException, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { apiError } from '@gridpay/partner-api';
import { MALFORMED_JSON } from './raw-body.middleware';

export const badRequest = (message: string, field?: string) =>
  new HttpException(apiError('VALIDATION_FAILED', message, field), 400);

function firstProblem(errors: ValidationError[], path = ''): { field: string; message: string } {
  const [error] = errors;
  const field = path ? `${path}.${error.property}` : error.property;
  if (error.children && error.children.length > 0) return firstProblem(error.children, field);
  // Decorators run bottom-up: the last failure is the topmost decorator, the most basic rule (type).
  return { field, message: Object.values(error.constraints ?? {}).at(-1) ?? `${field} is invalid` };
}

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
      const instance = plainToInstance(dto, value);
      const errors = await validate(instance, { whitelist: true, forbidUnknownValues: true });
      if (errors.length > 0) {
        const { field, message } = firstProblem(errors);
        throw badRequest(message, field);
      }
      return instance;
    },
  };
}
