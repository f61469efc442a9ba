export * from './tariff/tariff-engine';
export * from './tariff/evn-tariffs';
export * from './bill/bill.decider';
export * from './credit/credit.decider';
