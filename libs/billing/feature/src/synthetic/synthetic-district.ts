import type { CustomerRecord } from '../customers/customer.repository';
import type { RecordedReading } from '../readings/reading.repository';

/** Communes of Quế Sơn district (Quảng Nam): where the demo's and benchmarks' customers live. */
export const QUE_SON_COMMUNES = [
  'Thị trấn Đông Phú',
  'Quế An',
  'Quế Châu',
  'Quế Hiệp',
  'Quế Long',
  'Quế Minh',
  'Quế Mỹ',
  'Quế Phong',
  'Quế Thuận',
  'Quế Xuân 1',
  'Quế Xuân 2',
  'Hương An',
  'Phú Thọ',
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Đặng', 'Bùi', 'Đỗ'];
const GIVEN = [
  'Văn An',
  'Thị Bình',
  'Văn Cường',
  'Thị Dung',
  'Minh Đức',
  'Thị Hoa',
  'Quốc Huy',
  'Thị Lan',
  'Văn Nam',
  'Thị Yến',
];

/** A small deterministic generator (mulberry32) so a seed always gives the same district. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key by relative weight; `random` in [0, 1). */
export function pickWeighted(weights: Record<string, number>, random: number): string {
  const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
  let point = random * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [key, weight] of entries) {
    point -= weight;
    if (point < 0) return key;
  }
  return entries[entries.length - 1][0];
}

/** The n-th customer code of a unit, e.g. PC05QS0000042. */
export const syntheticCustomerCode = (n: number, unit = 'PC05QS') => `${unit}${String(n).padStart(7, '0')}`;

/**
 * `count` customers of a district: mostly residential (1–3 households, a few tenants without
 * declared occupants), some businesses and production sites with 3-price meters, some offices and
 * schools; phones and emails for most.
 */
export function syntheticCustomers(
  count: number,
  { seed = 1, unit = 'PC05QS', first = 1 } = {},
): CustomerRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    const roll = random();
    const purpose =
      roll < 0.9 ? 'residential' : roll < 0.95 ? 'business' : roll < 0.97 ? 'production' : 'administrative';
    const residential = purpose === 'residential';
    const phone = random() < 0.95 ? `+849${String((n * 7919) % 100_000_000).padStart(8, '0')}` : undefined;
    const email = random() < 0.3 ? `kh${n}@example.vn` : undefined;
    return {
      customerCode: syntheticCustomerCode(n, unit),
      name: residential ? `${pick(FAMILY)} ${pick(GIVEN)}` : `Cơ sở ${pick(FAMILY)} ${n}`,
      commune: pick(QUE_SON_COMMUNES),
      households: residential && random() < 0.1 ? 2 : 1,
      purpose,
      voltageBand: '<6kV',
      threePriceMeter: purpose === 'business' || purpose === 'production',
      landlordDeclaredOccupants: !(residential && random() < 0.02),
      contact: { ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
    };
  });
}

/** One reading per customer for the period closing on `readDate`, read a month after the last one. */
export function syntheticReadings(
  customers: CustomerRecord[],
  readDate: string,
  { seed = 2 } = {},
): RecordedReading[] {
  const random = seededRandom(seed);
  const previous = new Date(`${readDate}T00:00:00Z`);
  previous.setUTCMonth(previous.getUTCMonth() - 1);
  const previousReadDate = previous.toISOString().slice(0, 10);
  return customers.map((customer) => {
    const kwh =
      customer.purpose === 'residential'
        ? Math.floor(20 + random() * 380)
        : Math.floor(500 + random() * 4000);
    const oldIndex = Math.floor(random() * 50_000);
    const peakKwh = Math.floor(kwh * 0.2);
    const offPeakKwh = Math.floor(kwh * 0.3);
    const bands = customer.threePriceMeter
      ? { peakKwh, offPeakKwh, normalKwh: kwh - peakKwh - offPeakKwh }
      : {};
    return {
      readingId: `${customer.customerCode}:${readDate}`,
      customerCode: customer.customerCode,
      period: readDate.slice(0, 7),
      previousReadDate,
      readDate,
      oldIndex,
      newIndex: oldIndex + kwh,
      kwh,
      ...bands,
      source: 'reading-book' as const,
    };
  });
}
