import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvelopeSchema, type EventEnvelope } from './envelope';
import { CONTRACTS, isEventType, type Contract, type EventDataMap, type EventType } from './registry';

export type KnownEvent = { [K in EventType]: EventEnvelope<EventDataMap[K], K> }[EventType];

export type ReadResult = { ok: true; event: KnownEvent; upcastFrom?: number } | { ok: false; reason: string };

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...flatten(error.children ?? [], `${path}.`)];
  });
}

function check(schema: new () => object, plain: unknown, prefix: string): string[] {
  const instance = plainToInstance(schema, plain);
  return flatten(validateSync(instance as object, { forbidUnknownValues: false }), prefix);
}

/**
 * Reads an event from the wire: checks the envelope, accepts the current schema version and the one
 * before it (upcast to current), and validates the data against its contract. Unknown fields are
 * kept and ignored. The reason for a rejection names the fields.
 */
export function readEvent(raw: unknown): ReadResult {
  let plain = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      plain = JSON.parse(raw.toString());
    } catch (error) {
      return { ok: false, reason: `not JSON: ${(error as Error).message}` };
    }
  }
  if (typeof plain !== 'object' || plain === null) return { ok: false, reason: 'not a JSON object' };
  const envelopeProblems = check(EnvelopeSchema, plain, '');
  if (envelopeProblems.length > 0) return { ok: false, reason: envelopeProblems.join('; ') };

  const envelope = plain as EventEnvelope<Record<string, unknown>>;
  if (!isEventType(envelope.type))
    return { ok: false, reason: `type: unknown event type "${envelope.type}"` };
  const { currentVersion, versions } = CONTRACTS[envelope.type] as Contract;
  if (envelope.schemaVersion > currentVersion || envelope.schemaVersion < currentVersion - 1) {
    return {
      ok: false,
      reason: `schemaVersion: ${envelope.type} v${envelope.schemaVersion} is not read here (accepts v${Math.max(1, currentVersion - 1)}..v${currentVersion})`,
    };
  }
  let data = envelope.data;
  for (let version = envelope.schemaVersion; version < currentVersion; version++) {
    const problems = check(versions[version].schema, data, 'data.');
    if (problems.length > 0)
      return { ok: false, reason: `${envelope.type} v${version}: ${problems.join('; ')}` };
    const upcast = versions[version].upcast;
    if (!upcast) return { ok: false, reason: `${envelope.type} v${version}: no upcaster to v${version + 1}` };
    data = upcast(data);
  }
  const problems = check(versions[currentVersion].schema, data, 'data.');
  if (problems.length > 0)
    return { ok: false, reason: `${envelope.type} v${currentVersion}: ${problems.join('; ')}` };

  const event = { ...envelope, schemaVersion: currentVersion, data } as unknown as KnownEvent;
  return envelope.schemaVersion === currentVersion
    ? { ok: true, event }
    : { ok: true, event, upcastFrom: envelope.schemaVersion };
}
