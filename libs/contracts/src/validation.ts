import { plainToInstance } from 'class-transformer';
import { registerDecorator, validate, type ValidationError, type ValidationOptions } from 'class-validator';

/** Whole dong, never negative: money in every contract is an integer number of VND. */
export function IsDong(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isDong',
      target: target.constructor,
      propertyName: propertyKey as string,
      options: { message: `${String(propertyKey)} must be a whole, non-negative number of dong`, ...options },
      validator: { validate: (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0 },
    });
}

/** EVN customer code: 2 letters + 4 alphanumerics (unit code) + 7-digit serial, 13 characters. */
export const CUSTOMER_CODE = /^[A-Z]{2}[0-9A-Z]{4}[0-9]{7}$/;
export const CUSTOMER_CODE_MESSAGE = 'customerCode must be 13 characters: unit code (6) + 7-digit serial';
/** A billing period, e.g. 2026-10. */
export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A calendar date, e.g. 2026-10-31. */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type DtoCheck<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

function firstProblem(errors: ValidationError[], path = ''): { field: string; message: string } {
  const [error] = errors;
  const field = path ? `${path}.${error.property}` : error.property;
  if (error.children && error.children.length > 0) return firstProblem(error.children, field);
  // Decorators run bottom-up: the last failure is the topmost decorator, the most basic rule (type).
  return { field, message: Object.values(error.constraints ?? {}).at(-1) ?? `${field} is invalid` };
}

/**
 * A parsed JSON object checked against a class-validator DTO without converting types ("100" is not
 * a number): the DTO instance, or the first field at fault with the message of its most basic rule.
 */
export async function checkDto<T extends object>(dto: new () => T, plain: object): Promise<DtoCheck<T>> {
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, { whitelist: true, forbidUnknownValues: true });
  return errors.length === 0 ? { ok: true, value } : { ok: false, ...firstProblem(errors) };
}
