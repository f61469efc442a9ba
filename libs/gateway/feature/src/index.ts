export * from './gateway.module';
export * from './gateway.options';
export * from './signing-recipe';
export * from './auth/nonce-store';
export * from './auth/rate-limiter';
