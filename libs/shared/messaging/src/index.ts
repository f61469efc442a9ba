export * from './message-tracing';
export * from './lease';
export * from './outbox-relay';
export * from './event-consumer';
export * from './dead-letters';
export * from './projection-store';
export * from './event-sources';
export * from './messaging.module';
