export * from './customer-account.fixture';
