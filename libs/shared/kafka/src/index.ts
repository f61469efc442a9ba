export * from './kafka.connection';
export * from './kafka.module';
