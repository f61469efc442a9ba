import { seededRandom, syntheticCustomers, type CustomerRecord } from '@gridpay/billing/feature';

/** The demo's district: the same customers on every run, so a second run continues the first. */
export function demoCustomers(count: number): CustomerRecord[] {
  return syntheticCustomers(count, { seed: 2019, unit: 'PC05QS' });
}

const FIRST_MONTH = 2026 * 12 + 0; // 2026-01: indexes start from the customer's base reading then

function monthIndex(period: string): number {
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}

export function nextPeriod(period: string): string {
  const next = monthIndex(period) + 1;
  return `${Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}`;
}

function customerSeed(code: string): number {
  let hash = 2166136261;
  for (const char of code) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** kWh a customer used in a month: steady per customer, varying month to month. */
function monthlyKwh(customer: CustomerRecord, month: number): number {
  const random = seededRandom(customerSeed(customer.customerCode) + month * 7919);
  if (customer.purpose === 'residential') return Math.floor(30 + random() * 320) * customer.households;
  return Math.floor(600 + random() * 3500);
}

/** The meter index on the 20th of a month: a base plus everything used since 2026-01. */
function indexAt(customer: CustomerRecord, month: number): number {
  let index = customerSeed(customer.customerCode) % 40_000;
  for (let m = FIRST_MONTH; m < month; m++) index += monthlyKwh(customer, m);
  return index;
}

/** The month's reading book as CSV (columns of libs/billing/domain/src/import/README.md). */
export function readingBook(customers: CustomerRecord[], period: string): string {
  const month = monthIndex(period);
  const lines = [
    'customerCode,readDate,oldIndex,newIndex,peakIndexOld,peakIndexNew,normalIndexOld,normalIndexNew,offPeakIndexOld,offPeakIndexNew',
  ];
  for (const customer of customers) {
    const oldIndex = indexAt(customer, month - 1);
    const newIndex = indexAt(customer, month);
    let bands = ',,,,,';
    if (customer.threePriceMeter) {
      // Band registers: 20 % peak, 30 % off-peak, the rest normal, each cumulative like the total.
      const split = (index: number) => {
        const peak = Math.floor(index * 0.2);
        const offPeak = Math.floor(index * 0.3);
        return [peak, index - peak - offPeak, offPeak];
      };
      const [po, no, oo] = split(oldIndex);
      const [pn, nn, on] = split(newIndex);
      bands = `${po},${pn},${no},${nn},${oo},${on}`;
    }
    lines.push(`${customer.customerCode},${period}-20,${oldIndex},${newIndex},${bands}`);
  }
  return lines.join('\n') + '\n';
}
