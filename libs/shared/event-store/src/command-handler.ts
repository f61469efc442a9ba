import type { EventDataMap, EventEnvelope, EventType } from '@gridpay/contracts';
import { fold, type Decider, type DomainEvent } from '@gridpay/shared/ddd';
import { buildEnvelope } from './envelope-factory';
import { EventStore, StreamVersionConflict, type AppendRequest, type StoredEvent } from './event-store';

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
      try {
        const commit = await this.store.append(this.appendRequest(command, version, events, stateAfter, ctx));
        return { version: commit.endVersion, events: commit.events, state: stateAfter };
      } catch (error) {
        if (!(error instanceof StreamVersionConflict) || attempt >= this.maxAttempts) throw error;
      }
    }
  }

  /**
   * Commands that each start a new stream (a bill run), decided on the initial state and stored in
   * one round trip. A stream that exists already is not touched: its command comes back in
   * `existing`, which makes a repeated batch harmless.
   */
  async startStreams(
    commands: Command[],
    ctx: CommandContext,
  ): Promise<{ started: Command[]; existing: Command[]; unchanged: Command[] }> {
    const initial = this.spec.decider.initialState();
    const decided = commands.map((command) => {
      const events = this.spec.decider.decide(command, initial);
      return { command, events, stateAfter: events.reduce(this.spec.decider.evolve, initial) };
    });
    const toAppend = decided.filter((d) => d.events.length > 0);
    const { conflicts } = await this.store.appendMany(
      toAppend.map((d) => this.appendRequest(d.command, 0, d.events, d.stateAfter, ctx)),
    );
    const conflicted = new Set(conflicts.map((request) => request.streamId));
    const existing = toAppend
      .filter((d) => conflicted.has(this.spec.streamId(d.command)))
      .map((d) => d.command);
    return {
      started: toAppend.filter((d) => !conflicted.has(this.spec.streamId(d.command))).map((d) => d.command),
      existing,
      unchanged: decided.filter((d) => d.events.length === 0).map((d) => d.command),
    };
  }

  private appendRequest(
    command: Command,
    expectedVersion: number,
    events: Event[],
    stateAfter: State,
    ctx: CommandContext,
  ): AppendRequest<Event> {
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
    return {
      streamId: this.spec.streamId(command),
      expectedVersion,
      events,
      partitionKey,
      outbox,
      occurredAt: ctx.now.toISOString(),
    };
  }
}
