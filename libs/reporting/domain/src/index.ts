export * from './ledger/customer-ledger.projection';
export * from './reconciliation/reconciliation-days.projection';
export * from './campaign/campaign-targets';
export * from './figures/ledger-facts';
export * from './figures/report-tables';
export * from './csv/to-csv';
