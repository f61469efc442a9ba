export * from './event-store';
export * from './envelope-factory';
export * from './command-handler';
