import { CUSTOMER_CODE, CUSTOMER_CODE_MESSAGE, PURPOSES, type Purpose } from '@gridpay/contracts';
import { VOLTAGE_BANDS } from '../tariff/non-residential-tariff';
import { readCsvTable, type ImportRejection } from './csv-reader';

/** A customer as CustomerRegisteredV2 carries it. */
export interface CustomerRecord {
  customerCode: string;
  name: string;
  commune: string;
  households: number;
  purpose: Purpose;
  voltageBand: string;
  threePriceMeter: boolean;
  landlordDeclaredOccupants: boolean;
  contact: { phone?: string; email?: string };
}

export const CUSTOMER_FILE_COLUMNS = {
  required: ['customerCode', 'name', 'commune', 'purpose'],
  optional: ['households', 'voltageBand', 'threePriceMeter', 'landlordDeclaredOccupants', 'phone', 'email'],
} as const;

const TRUE = ['true', 'yes', 'y', '1', 'x', 'có'];
const FALSE = ['false', 'no', 'n', '0', 'không'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A Vietnamese number (0905123456, 0235 3812345) or E.164 (+84905123456) → E.164; undefined if neither. */
export function normalisePhone(raw: string): string | undefined {
  const phone = raw.replace(/[\s.()-]/g, '');
  const local = /^0(\d{9,10})$/.exec(phone) ?? /^\+840(\d{9,10})$/.exec(phone);
  if (local) return `+84${local[1]}`;
  return /^\+\d{8,15}$/.test(phone) ? phone : undefined;
}

/** Why a value is refused, or the parsed value. */
type Parsed<T> = { value: T } | { reason: string };

function flag(raw: string, fallback: boolean): Parsed<boolean> {
  if (raw === '') return { value: fallback };
  const lower = raw.toLowerCase();
  if (TRUE.includes(lower)) return { value: true };
  if (FALSE.includes(lower)) return { value: false };
  return { reason: `"${raw}" is not true or false` };
}

function parseRow(values: Record<string, string>): { record?: CustomerRecord; problems: ImportRejection[] } {
  const problems: Array<{ field: string; reason: string }> = [];
  const take = <T>(field: string, parsed: Parsed<T>): T | undefined => {
    if ('reason' in parsed) {
      problems.push({ field, reason: parsed.reason });
      return undefined;
    }
    return parsed.value;
  };
  const get = (column: string) => values[column] ?? '';

  const customerCode = take(
    'customerCode',
    CUSTOMER_CODE.test(get('customerCode').toUpperCase())
      ? { value: get('customerCode').toUpperCase() }
      : { reason: get('customerCode') === '' ? 'missing field' : CUSTOMER_CODE_MESSAGE },
  );
  const name = take('name', get('name') ? { value: get('name') } : { reason: 'missing field' });
  const commune = take('commune', get('commune') ? { value: get('commune') } : { reason: 'missing field' });
  const purposeRaw = get('purpose').toLowerCase();
  const purpose = take<Purpose>(
    'purpose',
    (PURPOSES as readonly string[]).includes(purposeRaw)
      ? { value: purposeRaw as Purpose }
      : { reason: purposeRaw === '' ? 'missing field' : `purpose must be one of ${PURPOSES.join(', ')}` },
  );
  const householdsRaw = get('households');
  const households = take(
    'households',
    householdsRaw === ''
      ? { value: 1 }
      : /^\d+$/.test(householdsRaw) && Number(householdsRaw) >= 1
        ? { value: Number(householdsRaw) }
        : { reason: 'households must be a whole number >= 1' },
  );
  const bandRaw = get('voltageBand').replace(/\s/g, '').toLowerCase();
  const band = VOLTAGE_BANDS.find((b) => b.toLowerCase() === bandRaw);
  const voltageBand = take(
    'voltageBand',
    band
      ? { value: band }
      : bandRaw === '' && purpose !== 'business' && purpose !== 'production' && purpose !== 'administrative'
        ? { value: '<6kV' }
        : {
            reason:
              bandRaw === '' ? 'missing field' : `voltageBand must be one of ${VOLTAGE_BANDS.join(', ')}`,
          },
  );
  const threePriceMeter = take('threePriceMeter', flag(get('threePriceMeter'), false));
  const landlordDeclaredOccupants = take(
    'landlordDeclaredOccupants',
    flag(get('landlordDeclaredOccupants'), true),
  );
  const phone = get('phone') === '' ? undefined : normalisePhone(get('phone'));
  if (get('phone') !== '' && !phone)
    problems.push({ field: 'phone', reason: 'phone must look like 0905123456 or +84905123456' });
  const email = get('email');
  if (email !== '' && !EMAIL.test(email))
    problems.push({ field: 'email', reason: 'email is not an address' });

  const rejected = problems.map((p) => ({ line: 0, customerCode, ...p }));
  if (
    rejected.length > 0 ||
    customerCode === undefined ||
    name === undefined ||
    commune === undefined ||
    purpose === undefined ||
    households === undefined ||
    voltageBand === undefined ||
    threePriceMeter === undefined ||
    landlordDeclaredOccupants === undefined
  )
    return { problems: rejected };
  const contact = { ...(phone && { phone }), ...(email && { email }) };
  return {
    record: {
      customerCode,
      name,
      commune,
      households,
      purpose,
      voltageBand,
      threePriceMeter,
      landlordDeclaredOccupants,
      contact,
    },
    problems: [],
  };
}

/**
 * Parses a customer file (columns in ./README.md). Every refused field of a row is reported, with
 * the row's line; a row with any refused field is not accepted. A customer code seen again in the
 * same file is refused (the first row wins).
 */
export function parseCustomerFile(text: string): { accepted: CustomerRecord[]; rejected: ImportRejection[] } {
  const table = readCsvTable(text, CUSTOMER_FILE_COLUMNS);
  const accepted: CustomerRecord[] = [];
  const rejected = [...table.rejected];
  const firstLine = new Map<string, number>();
  for (const row of table.rows) {
    const { record, problems } = parseRow(row.values);
    rejected.push(...problems.map((p) => ({ ...p, line: row.line })));
    if (!record) continue;
    const first = firstLine.get(record.customerCode);
    if (first !== undefined) {
      rejected.push({
        line: row.line,
        customerCode: record.customerCode,
        field: 'customerCode',
        reason: `duplicate customerCode, first on line ${first}`,
      });
      continue;
    }
    firstLine.set(record.customerCode, row.line);
    accepted.push(record);
  }
  return { accepted, rejected: rejected.sort((a, b) => a.line - b.line) };
}
