export * from './tariff/tariff-engine';
export * from './tariff/evn-tariffs';
