import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import type { KnownEvent } from '@gridpay/contracts';
import type { PlatformConfig } from '@gridpay/shared/config';
import type { Projection } from '@gridpay/shared/ddd';
import { EventStore } from '@gridpay/shared/event-store';
import {
  eventStoreSource,
  kafkaSource,
  ProjectionStore,
  redriveDeadLetters,
} from '@gridpay/shared/messaging';

/** A projection a service keeps, and where a rebuild reads its events from. */
export interface ProjectionSpec {
  projection: Projection<KnownEvent, unknown>;
  /** The service's own event store, or Kafka topics for events other services publish. */
  source: 'event-store' | { topics: string[] };
}

export const OPS_COMMANDS = ['redrive-dead-letters', 'rebuild-projection'] as const;
export type OpsCommand = (typeof OPS_COMMANDS)[number];

export function isOpsCommand(value: string | undefined): value is OpsCommand {
  return (OPS_COMMANDS as readonly string[]).includes(value ?? '');
}

/**
 * One-shot operations run with the service's own configuration while the service keeps serving:
 *   main.js redrive-dead-letters <consumer group>
 *   main.js rebuild-projection <projection name>
 */
export async function runOpsCommand(
  command: OpsCommand,
  argument: string | undefined,
  config: PlatformConfig,
  projections: ProjectionSpec[],
  out: (line: string) => void,
): Promise<number> {
  const kafka = new Kafka({
    clientId: 'gridpay-ops',
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.ERROR,
  });
  if (command === 'redrive-dead-letters') {
    if (!argument) {
      out('usage: redrive-dead-letters <consumer group>');
      return 2;
    }
    const result = await redriveDeadLetters(kafka, argument);
    out(JSON.stringify({ command, group: argument, ...result }));
    return 0;
  }
  const spec = projections.find((p) => p.projection.name === argument);
  if (!spec) {
    out(
      `usage: rebuild-projection <name>; this service keeps: ${projections.map((p) => p.projection.name).join(', ') || 'none'}`,
    );
    return 2;
  }
  const connection = await mongoose
    .createConnection(config.MONGODB_URI, { dbName: config.MONGODB_DB })
    .asPromise();
  try {
    const store = new ProjectionStore(connection, spec.projection);
    const started = Date.now();
    const result =
      spec.source === 'event-store'
        ? await store.rebuild(eventStoreSource(new EventStore(connection)))
        : await store.rebuild(kafkaSource(kafka, spec.source.topics));
    out(JSON.stringify({ command, projection: argument, ...result, seconds: (Date.now() - started) / 1000 }));
    return 0;
  } finally {
    await connection.close();
  }
}
