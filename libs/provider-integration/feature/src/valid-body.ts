import type { PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { httpError } from './http-errors';

function firstProblem(errors: ValidationError[], path = ''): { field: string; message: string } {
  const [error] = errors;
  const field = path ? `${path}.${error.property}` : error.property;
  if (error.children && error.children.length > 0) return firstProblem(error.children, field);
  // Decorators run bottom-up: the last failure is the topmost decorator, the most basic rule (type).
  return { field, message: Object.values(error.constraints ?? {}).at(-1) ?? `${field} is invalid` };
}

/** Validates a JSON body against a class-validator DTO; 400 VALIDATION_FAILED names the first bad field. */
export function validBody<T extends object>(dto: new () => T): PipeTransform<unknown, Promise<T>> {
  return {
    async transform(value: unknown): Promise<T> {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw httpError(400, 'VALIDATION_FAILED', 'the body must be a JSON object', 'body');
      const instance = plainToInstance(dto, value);
      const errors = await validate(instance, { whitelist: true, forbidUnknownValues: true });
      if (errors.length > 0) {
        const { field, message } = firstProblem(errors);
        throw httpError(400, 'VALIDATION_FAILED', message, field);
      }
      return instance;
    },
  };
}
