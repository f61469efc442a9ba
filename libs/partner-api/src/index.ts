export * from './channels';
export * from './api-error';
export * from './request-signing';
export * from './vnpay';
export * from './momo';
