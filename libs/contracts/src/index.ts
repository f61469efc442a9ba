import 'reflect-metadata';
export * from './envelope';
export * from './topics';
export * from './registry';
export * from './read-event';
export * from './validation';
export * from './events/billing.events';
export * from './events/payment.events';
export * from './events/notification.events';
