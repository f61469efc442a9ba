import { periodIndex } from '@gridpay/contracts';
import {
  pickWeighted,
  seededRandom,
  syntheticCustomers,
  type CustomerRecord,
} from '@gridpay/billing/feature';

/** The demo's district: the same customers on every run, so a second run continues the first. */
export function demoCustomers(count: number): CustomerRecord[] {
  return syntheticCustomers(count, { seed: 2019, unit: 'PC05QS' });
}

const FIRST_MONTH = periodIndex('2026-01'); // indexes start from the customer's base reading then

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
  const month = periodIndex(period);
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

/** Banks that offer auto-debit, weighted by their share of the district's customers. */
const AUTO_DEBIT_BANKS: Record<string, number> = {
  agribank: 24,
  vietcombank: 10,
  vietinbank: 8,
  bidv: 7,
  lpbank: 6,
  sacombank: 4,
};

export interface MandateOrder {
  customerCode: string;
  partner: string;
  enrolledBy?: string;
}

/** The customers already on auto-debit before the campaign: 8 %, the same on every run. */
export function autoDebitBase(customers: CustomerRecord[]): MandateOrder[] {
  const random = seededRandom(81);
  return customers
    .filter(() => random() < 0.08)
    .map((customer) => ({
      customerCode: customer.customerCode,
      partner: pickWeighted(AUTO_DEBIT_BANKS, random()),
    }));
}

export interface StaffMember {
  code: string;
  target: number;
}

/**
 * This month's staff campaign: each employee signs up around their monthly target (60–130 %), from
 * customers not on auto-debit yet; a customer a colleague enrolled in an earlier month answers
 * "already registered".
 */
export function campaignEnrollments(
  customers: CustomerRecord[],
  staff: StaffMember[],
  period: string,
  taken: ReadonlySet<string>,
): MandateOrder[] {
  const random = seededRandom(periodIndex(period) * 31 + 7);
  const free = customers.filter((customer) => !taken.has(customer.customerCode));
  const orders: MandateOrder[] = [];
  for (const member of staff) {
    const signed = Math.round(member.target * (0.6 + random() * 0.7));
    for (let i = 0; i < signed && free.length > 0; i++) {
      const [customer] = free.splice(Math.floor(random() * free.length), 1);
      orders.push({
        customerCode: customer.customerCode,
        partner: pickWeighted(AUTO_DEBIT_BANKS, random()),
        enrolledBy: member.code,
      });
    }
  }
  return orders;
}

export interface DebitTroubles {
  /** Accounts short of money on the debit day; `topUp` of them are refilled before the retry. */
  insufficientFunds: string[];
  topUp: string[];
  closed: string[];
}

/** Which auto-debit accounts give trouble this month: ~7 % short of money (half top up), ~1 % closed. */
export function debitTroubles(accounts: string[], period: string): DebitTroubles {
  const random = seededRandom(periodIndex(period) * 17 + 3);
  const troubles: DebitTroubles = { insufficientFunds: [], topUp: [], closed: [] };
  for (const account of accounts) {
    const roll = random();
    if (roll < 0.07) {
      troubles.insufficientFunds.push(account);
      if (random() < 0.5) troubles.topUp.push(account);
    } else if (roll < 0.08) troubles.closed.push(account);
  }
  return troubles;
}

/**
 * Who pays through a bank or an intermediary this month (besides auto-debit): about half of the
 * district, as in the branch's 2019 figures; the rest pay cash at EVN's own counters, which GridPay
 * does not see, and show up as debt.
 */
export function payingThroughPartners(
  customers: CustomerRecord[],
  period: string,
  skip: ReadonlySet<string>,
) {
  const random = seededRandom(periodIndex(period) * 13 + 11);
  return customers
    .filter((customer) => !skip.has(customer.customerCode) && random() < 0.47)
    .map((customer) => customer.customerCode);
}
