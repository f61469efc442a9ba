export * from './infra-endpoints';
export * from './wait-for';
export * from './service-process';
export * from './tcp-proxy';
export * from './kafka-progress';
export * from './smtp-receiver';
export * from './provider-integration-process';
export * from './bill-fixtures';
