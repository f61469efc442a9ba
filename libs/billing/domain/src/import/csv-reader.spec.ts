import { readCsv, readCsvTable } from './csv-reader';

const fields = (text: string) => readCsv(text).map((r) => r.fields);

describe('reading CSV (RFC 4180)', () => {
  it('splits records on CRLF and fields on commas', () => {
    expect(fields('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('takes LF or lone CR line ends and a missing final line end', () => {
    expect(fields('a,b\n1,2\r3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('drops a UTF-8 BOM', () => {
    expect(fields('\uFEFFcustomerCode,name\r\n')).toEqual([['customerCode', 'name']]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    expect(
      fields('name,commune\r\n"Nguyễn Văn ""Ba""","Quế Sơn, Quảng Nam"\r\n"two\r\nlines",x\r\n'),
    ).toEqual([
      ['name', 'commune'],
      ['Nguyễn Văn "Ba"', 'Quế Sơn, Quảng Nam'],
      ['two\nlines', 'x'],
    ]);
  });

  it('keeps empty fields, quoted or not', () => {
    expect(fields('a,,""\r\n,,x')).toEqual([
      ['a', '', ''],
      ['', '', 'x'],
    ]);
  });

  it('gives each record the physical line it starts on, counting line breaks inside quotes', () => {
    const records = readCsv('h1,h2\r\n"a\r\nb",1\r\n\r\nc,2\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('skips blank lines and rows of empty fields', () => {
    expect(fields('a,b\r\n\r\n,\r\n  ,\r\n1,2\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(fields('ống 5" dài,x')).toEqual([['ống 5" dài', 'x']]);
  });

  it('marks a record with text after a closing quote, and an unterminated quote', () => {
    expect(readCsv('"ab"c,d\r\nok,1\r\n')[0].error).toMatch(/text after a closing quote on line 1/);
    expect(readCsv('ok,1\r\n"never closed,2\r\n3,4')).toEqual([
      { line: 1, fields: ['ok', '1'] },
      { line: 2, fields: ['never closed,2\n3,4'], error: 'unterminated quoted field (opened on line 2)' },
    ]);
  });

  it('reads an empty text as no records', () => {
    expect(readCsv('')).toEqual([]);
    expect(readCsv('\uFEFF')).toEqual([]);
  });
});

describe('reading a CSV table with a header', () => {
  const columns = { required: ['customerCode', 'name'], optional: ['email'] };

  it('maps values by column name in any order, case-insensitively, trimmed', () => {
    expect(readCsvTable('Name , CUSTOMERCODE\r\n An , PB05020054904 \r\n', columns)).toEqual({
      rows: [{ line: 2, values: { name: 'An', customerCode: 'PB05020054904' } }],
      rejected: [],
    });
  });

  it('refuses the file for a missing, unknown or repeated column', () => {
    expect(readCsvTable('customerCode,nmae,name,name\r\n', columns).rejected).toEqual([
      { line: 1, field: 'nmae', reason: 'unknown column "nmae"' },
      { line: 1, field: 'name', reason: 'column name appears twice' },
    ]);
    expect(readCsvTable('customerCode\r\nPB05020054904\r\n', columns)).toEqual({
      rows: [],
      rejected: [{ line: 1, field: 'name', reason: 'missing column name' }],
    });
    expect(readCsvTable('', columns).rejected).toEqual([
      { line: 1, reason: 'empty file: a header row is required' },
    ]);
  });

  it('refuses a row with a different number of fields, tolerating empty trailing ones', () => {
    const { rows, rejected } = readCsvTable('customerCode,name\r\nA\r\nB,b,,\r\nC,c,x\r\n', columns);
    expect(rows.map((r) => r.values['customerCode'])).toEqual(['B']);
    expect(rejected).toEqual([
      { line: 2, reason: 'expected 2 fields as in the header, found 1' },
      { line: 4, reason: 'expected 2 fields as in the header, found 3' },
    ]);
  });
});
