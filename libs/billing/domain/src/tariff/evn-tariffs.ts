import tables from './evn-tariffs.json';
import type { TariffTables } from './tariff-engine';

/** The effective-dated EVN tables shipped with the code (the data lives in evn-tariffs.json). */
export const EVN_TARIFFS: TariffTables = {
  residential: tables.residential,
  timeOfUse: tables.timeOfUse.rates,
  flat: tables.flat.rates,
  vat: tables.vat,
};
