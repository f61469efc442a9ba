export * from './decider';
export * from './projection';
