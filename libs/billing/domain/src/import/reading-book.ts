import { CUSTOMER_CODE, CUSTOMER_CODE_MESSAGE } from '@gridpay/contracts';
import { readCsvTable, type ImportRejection } from './csv-reader';

export type IndexReset = 'rollover' | 'replacement';

/** One row of a reading book: a meter's indexes at a read date (3-price meters: per band too). */
export interface ReadingRow {
  line: number;
  customerCode: string;
  readDate: string;
  oldIndex: number;
  newIndex: number;
  peakIndexOld?: number;
  peakIndexNew?: number;
  normalIndexOld?: number;
  normalIndexNew?: number;
  offPeakIndexOld?: number;
  offPeakIndexNew?: number;
  indexReset?: IndexReset;
  /**
   * Digits of the meter's registers as written in the book, leading zeros included (the widest old
   * index of the row): a rollover wraps at 10^registerDigits. Without it, the digits of oldIndex.
   */
  registerDigits?: number;
}

export const BAND_INDEX_COLUMNS = [
  'peakIndexOld',
  'peakIndexNew',
  'normalIndexOld',
  'normalIndexNew',
  'offPeakIndexOld',
  'offPeakIndexNew',
] as const;

export const READING_BOOK_COLUMNS = {
  required: ['customerCode', 'readDate', 'oldIndex', 'newIndex'],
  optional: [...BAND_INDEX_COLUMNS, 'indexReset'],
} as const;

const NUMBER = /^\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(raw: string): boolean {
  const ms = Date.parse(`${raw}T00:00:00Z`);
  return DATE.test(raw) && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === raw;
}

function parseRow(
  line: number,
  values: Record<string, string>,
): { row?: ReadingRow; problems: ImportRejection[] } {
  const get = (column: string) => values[column] ?? '';
  const rawCode = get('customerCode').toUpperCase();
  const customerCode = rawCode || undefined;
  const problems: ImportRejection[] = [];
  const refuse = (field: string, reason: string) => problems.push({ line, customerCode, field, reason });
  const index = (column: string): number | undefined => {
    const raw = get(column);
    if (raw === '') return undefined;
    if (!NUMBER.test(raw) || !Number.isSafeInteger(Number(raw))) refuse(column, 'malformed number');
    return Number(raw);
  };

  if (rawCode === '') refuse('customerCode', 'missing field');
  else if (!CUSTOMER_CODE.test(rawCode)) refuse('customerCode', CUSTOMER_CODE_MESSAGE);
  const readDate = get('readDate');
  if (readDate === '') refuse('readDate', 'missing field');
  else if (!isDate(readDate)) refuse('readDate', 'malformed date');
  const oldIndex = index('oldIndex');
  const newIndex = index('newIndex');
  if (oldIndex === undefined) refuse('oldIndex', 'missing field');
  if (newIndex === undefined) refuse('newIndex', 'missing field');
  const bands: Partial<Record<(typeof BAND_INDEX_COLUMNS)[number], number>> = {};
  for (const column of BAND_INDEX_COLUMNS) {
    const value = index(column);
    if (value !== undefined) bands[column] = value;
  }
  const givenBands = BAND_INDEX_COLUMNS.filter((column) => get(column) !== '');
  if (givenBands.length > 0)
    for (const column of BAND_INDEX_COLUMNS)
      if (get(column) === '') refuse(column, 'missing field: band indexes go together, give all six');
  const reset = get('indexReset').toLowerCase();
  if (reset !== '' && reset !== 'rollover' && reset !== 'replacement')
    refuse('indexReset', 'indexReset must be empty, rollover or replacement');

  if (problems.length > 0 || oldIndex === undefined || newIndex === undefined) return { problems };
  const oldIndexes = ['oldIndex', 'peakIndexOld', 'normalIndexOld', 'offPeakIndexOld'].map(
    (c) => get(c).length,
  );
  const row: ReadingRow = {
    line,
    customerCode: rawCode,
    readDate,
    oldIndex,
    newIndex,
    ...bands,
    ...(reset !== '' && { indexReset: reset as IndexReset }),
    registerDigits: Math.max(...oldIndexes),
  };
  return { row, problems };
}

/**
 * Parses a reading book (columns in ./README.md): indexes are whole numbers (malformed number),
 * dates are YYYY-MM-DD calendar dates (malformed date). A second row for the same customer and
 * read date is refused (the first row wins). Whether a reading fits the customer's history is
 * checkReading's job.
 */
export function parseReadingBook(text: string): { accepted: ReadingRow[]; rejected: ImportRejection[] } {
  const table = readCsvTable(text, READING_BOOK_COLUMNS);
  const accepted: ReadingRow[] = [];
  const rejected = [...table.rejected];
  const firstLine = new Map<string, number>();
  for (const { line, values } of table.rows) {
    const { row, problems } = parseRow(line, values);
    rejected.push(...problems);
    if (!row) continue;
    const key = `${row.customerCode} ${row.readDate}`;
    const first = firstLine.get(key);
    if (first !== undefined) {
      rejected.push({
        line,
        customerCode: row.customerCode,
        field: 'readDate',
        reason: `duplicate reading in the file, first on line ${first}`,
      });
      continue;
    }
    firstLine.set(key, line);
    accepted.push(row);
  }
  return { accepted, rejected: rejected.sort((a, b) => a.line - b.line) };
}
