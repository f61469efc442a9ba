export * from './reporting.module';
export * from './reporting.options';
export * from './reports/report-data.reader';
export * from './campaign-targets/campaign-targets.store';
