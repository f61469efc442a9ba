import { parseReadingBook } from './reading-book';

const book = (header: string, ...rows: string[]) => [header, ...rows].join('\r\n') + '\r\n';
const SIMPLE = 'customerCode,readDate,oldIndex,newIndex';
const FULL =
  'customerCode,readDate,oldIndex,newIndex,peakIndexOld,peakIndexNew,normalIndexOld,normalIndexNew,offPeakIndexOld,offPeakIndexNew,indexReset';

describe('parsing a reading book', () => {
  it('given a 1-price meter row, then it is read with its line and register digits', () => {
    expect(parseReadingBook(book(SIMPLE, 'PB05020054904,2025-05-20,012345,012495'))).toEqual({
      accepted: [
        {
          line: 2,
          customerCode: 'PB05020054904',
          readDate: '2025-05-20',
          oldIndex: 12345,
          newIndex: 12495,
          registerDigits: 6,
        },
      ],
      rejected: [],
    });
  });

  it('given a 3-price meter row with a rollover, then every band index and the reset are read', () => {
    const { accepted } = parseReadingBook(
      book(FULL, 'PB05020000001,2025-05-20,99950,00490,20000,20090,50000,50300,29950,00100,Rollover'),
    );
    expect(accepted[0]).toMatchObject({
      peakIndexOld: 20000,
      peakIndexNew: 20090,
      normalIndexOld: 50000,
      normalIndexNew: 50300,
      offPeakIndexOld: 29950,
      offPeakIndexNew: 100,
      indexReset: 'rollover',
      registerDigits: 5,
    });
  });

  it('leaves the band indexes out when the columns are there but empty', () => {
    const { accepted } = parseReadingBook(book(FULL, 'PB05020000001,2025-05-20,1,2,,,,,,,'));
    expect(accepted[0]).toEqual({
      line: 2,
      customerCode: 'PB05020000001',
      readDate: '2025-05-20',
      oldIndex: 1,
      newIndex: 2,
      registerDigits: 1,
    });
  });

  it.each([
    ['PB05020000001,2025-05-20,12a45,12500', 'oldIndex', 'malformed number'],
    ['PB05020000001,2025-05-20,12345,12 500', 'newIndex', 'malformed number'],
    ['PB05020000001,2025-05-20,12345.5,12500', 'oldIndex', 'malformed number'],
    ['PB05020000001,2025-05-20,-1,12500', 'oldIndex', 'malformed number'],
    ['PB05020000001,20/05/2025,1,2', 'readDate', 'malformed date'],
    ['PB05020000001,2025-02-30,1,2', 'readDate', 'malformed date'],
    ['PB05020000001,,1,2', 'readDate', 'missing field'],
    ['PB05020000001,2025-05-20,,2', 'oldIndex', 'missing field'],
    [',2025-05-20,1,2', 'customerCode', 'missing field'],
    [
      'PB0502,2025-05-20,1,2',
      'customerCode',
      'customerCode must be 13 characters: unit code (6) + 7-digit serial',
    ],
  ])('refuses %s: %s %s', (row, field, reason) => {
    expect(parseReadingBook(book(SIMPLE, row))).toEqual({
      accepted: [],
      rejected: [expect.objectContaining({ line: 2, field, reason })],
    });
  });

  it('refuses half-given band indexes and an unknown reset, naming each field', () => {
    const { rejected } = parseReadingBook(book(FULL, 'PB05020000001,2025-05-20,1,2,1,2,,,,,reset'));
    expect(rejected.map((r) => [r.field, r.reason])).toEqual([
      ['normalIndexOld', 'missing field: band indexes go together, give all six'],
      ['normalIndexNew', 'missing field: band indexes go together, give all six'],
      ['offPeakIndexOld', 'missing field: band indexes go together, give all six'],
      ['offPeakIndexNew', 'missing field: band indexes go together, give all six'],
      ['indexReset', 'indexReset must be empty, rollover or replacement'],
    ]);
    expect(rejected[0]).toMatchObject({ line: 2, customerCode: 'PB05020000001' });
  });

  it('refuses a second row for the same customer and read date', () => {
    const result = parseReadingBook(
      book(
        SIMPLE,
        'PB05020000001,2025-05-20,1,2',
        'PB05020000002,2025-05-20,1,2',
        'PB05020000001,2025-05-20,1,3',
      ),
    );
    expect(result.accepted.map((r) => r.line)).toEqual([2, 3]);
    expect(result.rejected).toEqual([
      {
        line: 4,
        customerCode: 'PB05020000001',
        field: 'readDate',
        reason: 'duplicate reading in the file, first on line 2',
      },
    ]);
  });

  it('refuses the file without its required columns', () => {
    expect(parseReadingBook('customerCode,readDate,newIndex\r\n').rejected).toEqual([
      { line: 1, field: 'oldIndex', reason: 'missing column oldIndex' },
    ]);
  });
});
