import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(error: ValidationError): string {
  const rules = Object.values(error.constraints ?? {});
  const shown = error.value === undefined ? 'it is not set' : `got ${JSON.stringify(error.value)}`;
  return `${error.property}: ${rules.join('; ')} (${shown})`;
}

/**
 * Reads a config class from environment variables (property name = variable name). Every problem is
 * collected so the operator sees all missing or malformed variables at once.
 */
export function loadConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const config = plainToInstance(schema, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.map(describe));
  }
  return config;
}
