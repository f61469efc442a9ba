import { registerDecorator, type ValidationOptions } from 'class-validator';

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
