export * from './checkout.module';
export * from './checkout.options';
