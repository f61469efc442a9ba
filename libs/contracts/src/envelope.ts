import { IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Min } from 'class-validator';

/**
 * What travels on Kafka: business facts in `data`, the rest is metadata. Consumers ignore fields
 * they do not know.
 */
export interface EventEnvelope<T = unknown, Type extends string = string> {
  /** UUIDv7: unique and time-ordered; consumers drop duplicates by it. */
  eventId: string;
  type: Type;
  schemaVersion: number;
  occurredAt: string;
  /** The service (or outside system) that published it. */
  producer: string;
  /** Kafka message key: keeps one customer's events in order. */
  partitionKey: string;
  /** The request or run the event belongs to. */
  correlationId: string;
  /** The event or command that caused this one. */
  causationId?: string;
  /** W3C trace context of the operation that produced the event. */
  traceparent?: string;
  tracestate?: string;
  data: T;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export class EnvelopeSchema {
  @Matches(UUID_V7, { message: 'eventId must be a UUIDv7' })
  eventId!: string;
  @IsString()
  type!: string;
  @IsInt()
  @Min(1)
  schemaVersion!: number;
  @IsISO8601({ strict: true })
  occurredAt!: string;
  @IsString()
  producer!: string;
  @IsString()
  partitionKey!: string;
  @IsString()
  correlationId!: string;
  @IsOptional()
  @IsString()
  causationId?: string;
  @IsOptional()
  @Matches(TRACEPARENT, { message: 'traceparent must be W3C trace context' })
  traceparent?: string;
  @IsOptional()
  @IsString()
  tracestate?: string;
  @IsObject()
  data!: object;
}
