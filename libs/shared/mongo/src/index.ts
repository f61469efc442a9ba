export * from './mongo.module';
export * from './connected-db';
