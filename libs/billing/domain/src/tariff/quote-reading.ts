import type { Purpose } from '@gridpay/contracts';
import { DomainError } from '@gridpay/shared/ddd';
import { quoteNonResidentialPeriod, type TimeOfUseKwh } from './non-residential-tariff';
import { quotePeriod, type Quote, type TariffTables } from './tariff-engine';

/** What the tariff needs to know about the customer (the fields of CustomerRegisteredV2). */
export interface CustomerTariffTerms {
  purpose: Purpose;
  households: number;
  voltageBand: string;
  threePriceMeter: boolean;
  landlordDeclaredOccupants: boolean;
}

/** One meter reading: the period it closes and the kWh used (per time-of-use band on 3-price meters). */
export interface ReadingUsage {
  previousReadDate: string;
  readDate: string;
  kwh: number;
  peakKwh?: number;
  normalKwh?: number;
  offPeakKwh?: number;
}

function bandsOf(reading: ReadingUsage): TimeOfUseKwh | undefined {
  const { peakKwh: peak, normalKwh: normal, offPeakKwh: offPeak } = reading;
  const given = [peak, normal, offPeak].filter((n) => n !== undefined).length;
  if (given === 0) return undefined;
  if (peak === undefined || normal === undefined || offPeak === undefined)
    throw new DomainError('incomplete-band-kwh', 'a 3-price reading needs peak, normal and off-peak kWh');
  const sum = peak + normal + offPeak;
  if (sum !== reading.kwh)
    throw new DomainError(
      'band-kwh-mismatch',
      `peak ${peak} + normal ${normal} + off-peak ${offPeak} = ${sum} kWh, not the ${reading.kwh} kWh read`,
    );
  return { peak, normal, offPeak };
}

/**
 * The bill run's one entry point: prices a reading for a customer. Residential customers go
 * through the tiers (quotePeriod); business, production and administrative through their voltage
 * band's prices (quoteNonResidentialPeriod). A 3-price meter must come with peak, normal and
 * off-peak kWh adding up to kwh; a customer without one must not.
 */
export function quoteReading(
  tables: TariffTables,
  customer: CustomerTariffTerms,
  reading: ReadingUsage,
): Quote {
  const byTime = bandsOf(reading);
  if (customer.threePriceMeter && !byTime)
    throw new DomainError(
      'missing-band-kwh',
      'the customer has a 3-price meter: give peak, normal and off-peak kWh',
    );
  if (!customer.threePriceMeter && byTime)
    throw new DomainError(
      'unexpected-band-kwh',
      'peak, normal and off-peak kWh given for a customer without a 3-price meter',
    );
  const period = { from: reading.previousReadDate, to: reading.readDate, kwh: reading.kwh };
  if (customer.purpose === 'residential')
    return quotePeriod(tables, {
      ...period,
      households: customer.households,
      landlordDeclaredOccupants: customer.landlordDeclaredOccupants,
    });
  return quoteNonResidentialPeriod(tables, {
    ...period,
    purpose: customer.purpose,
    voltageBand: customer.voltageBand,
    byTime,
  });
}
