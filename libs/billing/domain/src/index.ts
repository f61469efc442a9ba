export * from './tariff/tariff-engine';
export * from './tariff/evn-tariffs';
export * from './tariff/period-split';
export * from './tariff/non-residential-tariff';
export * from './tariff/quote-reading';
export * from './bill/bill.decider';
export * from './credit/credit.decider';
export * from './bill/bill-terms';
