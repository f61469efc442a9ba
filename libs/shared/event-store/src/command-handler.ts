import type { EventDataMap, EventEnvelope, EventType } from '@gridpay/contracts';
import { fold, type Decider, type DomainEvent } from '@gridpay/shared/ddd';
import { buildEnvelope } from './envelope-factory';
import { EventStore, StreamVersionConflict, type StoredEvent } from './event-store';

/** What the caller knows about why the command runs. Time comes in here, never from the decider. */
export interface CommandContext {
  correlationId: string;
  causationId?: string;
  now: Date;
}

export type IntegrationEvent = { [T in EventType]: { type: T; data: EventDataMap[T] } }[EventType];

export interface StreamSpec<Command, Event extends DomainEvent, State> {
  producer: string;
  decider: Decider<Command, Event, State>;
  streamId(command: Command): string;
  partitionKey(command: Command): string;
  /** Maps the new domain events to the public integration events to publish (possibly none). */
  toIntegration?(events: Event[], stateAfter: State): IntegrationEvent[];
}

export interface HandleResult<Event extends DomainEvent, State> {
  version: number;
  events: StoredEvent<Event>[];
  state: State;
}

/**
 * The one generic command handler: load the stream, fold, decide, append at the expected version;
 * on a concurrent append, reload and decide again.
 */
export class CommandHandler<Command, Event extends DomainEvent, State> {
  constructor(
    private readonly store: EventStore,
    private readonly spec: StreamSpec<Command, Event, State>,
    private readonly maxAttempts = 5,
  ) {}

  async handle(command: Command, ctx: CommandContext): Promise<HandleResult<Event, State>> {
    const streamId = this.spec.streamId(command);
    for (let attempt = 1; ; attempt++) {
      const { version, events: past } = await this.store.load<Event>(streamId);
      const state = fold(
        this.spec.decider,
        past.map(({ type, data }) => ({ type, data }) as Event),
      );
      const events = this.spec.decider.decide(command, state);
      const stateAfter = events.reduce(this.spec.decider.evolve, state);
      if (events.length === 0) return { version, events: [], state };
      const partitionKey = this.spec.partitionKey(command);
      const outbox: EventEnvelope[] = (this.spec.toIntegration?.(events, stateAfter) ?? []).map((event) =>
        buildEnvelope(event.type, event.data as never, {
          producer: this.spec.producer,
          partitionKey,
          correlationId: ctx.correlationId,
          causationId: ctx.causationId,
          occurredAt: ctx.now.toISOString(),
        }),
      );
      try {
        const commit = await this.store.append({
          streamId,
          expectedVersion: version,
          events,
          partitionKey,
          outbox,
          occurredAt: ctx.now.toISOString(),
        });
        return { version: commit.endVersion, events: commit.events, state: stateAfter };
      } catch (error) {
        if (!(error instanceof StreamVersionConflict) || attempt >= this.maxAttempts) throw error;
      }
    }
  }
}
