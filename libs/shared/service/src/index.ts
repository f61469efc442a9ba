export * from './platform.module';
export * from './run-service';
export * from './ops-commands';
export * from './http/read-text-body';
