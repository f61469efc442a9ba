export * from './payment/business-day';
export * from './payment/allocate-payment';
export * from './payment/request-hash';
export * from './payment/payment.decider';
export * from './partners/partner.decider';
export * from './partners/partner-seed';
