import { normalisePhone, parseCustomerFile } from './customer-file';

const HEADER =
  'customerCode,name,commune,households,purpose,voltageBand,threePriceMeter,landlordDeclaredOccupants,phone,email';
const file = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

describe('parsing a customer file', () => {
  it('given a well-formed row, then it becomes a CustomerRegisteredV2-shaped record', () => {
    const result = parseCustomerFile(
      file(
        'PB05020054904,Nguyễn Văn An,"Quế Xuân 1, Quế Sơn",2,residential,<6kV,false,true,0905 123 456,an@example.vn',
      ),
    );
    expect(result).toEqual({
      accepted: [
        {
          customerCode: 'PB05020054904',
          name: 'Nguyễn Văn An',
          commune: 'Quế Xuân 1, Quế Sơn',
          households: 2,
          purpose: 'residential',
          voltageBand: '<6kV',
          threePriceMeter: false,
          landlordDeclaredOccupants: true,
          contact: { phone: '+84905123456', email: 'an@example.vn' },
        },
      ],
      rejected: [],
    });
  });

  it('takes the columns in any order, and only the required ones', () => {
    const text = 'purpose,commune,name,customerCode\r\nresidential,Quế Sơn,Bà Ba,pb05020054905\r\n';
    expect(parseCustomerFile(text).accepted).toEqual([
      {
        customerCode: 'PB05020054905',
        name: 'Bà Ba',
        commune: 'Quế Sơn',
        households: 1,
        purpose: 'residential',
        voltageBand: '<6kV',
        threePriceMeter: false,
        landlordDeclaredOccupants: true,
        contact: {},
      },
    ]);
  });

  it('reads a business customer with a 3-price meter, flags written yes/no', () => {
    const [shop] = parseCustomerFile(
      file('PB05020000001,Cửa hàng Hoa,Quế Sơn,,business,6-22 kV,yes,,+84 235 3812345,'),
    ).accepted;
    expect(shop).toMatchObject({
      purpose: 'business',
      voltageBand: '6-22kV',
      threePriceMeter: true,
      landlordDeclaredOccupants: true,
      contact: { phone: '+842353812345' },
    });
  });

  it('reports every refused field of a row with its line, and accepts the good rows around it', () => {
    const result = parseCustomerFile(
      file(
        'PB05020000001,An,Quế Sơn,1,residential,,,,,',
        'PB0502,,Quế Sơn,0,shop,,maybe,,12345,not-an-email',
        'PB05020000003,Ba,Quế Sơn,1,business,,,,,',
      ),
    );
    expect(result.accepted.map((c) => c.customerCode)).toEqual(['PB05020000001']);
    expect(result.rejected.map((r) => [r.line, r.field, r.reason])).toEqual([
      [3, 'customerCode', 'customerCode must be 13 characters: unit code (6) + 7-digit serial'],
      [3, 'name', 'missing field'],
      [3, 'purpose', 'purpose must be one of residential, business, production, administrative'],
      [3, 'households', 'households must be a whole number >= 1'],
      [3, 'threePriceMeter', '"maybe" is not true or false'],
      [3, 'phone', 'phone must look like 0905123456 or +84905123456'],
      [3, 'email', 'email is not an address'],
      [4, 'voltageBand', 'missing field'],
    ]);
    expect(result.rejected[7].customerCode).toBe('PB05020000003');
  });

  it('refuses a customer code seen again in the file, keeping the first', () => {
    const result = parseCustomerFile(
      file('PB05020000001,An,Quế Sơn,1,residential,,,,,', 'PB05020000001,An bis,Quế Sơn,1,residential,,,,,'),
    );
    expect(result.accepted.map((c) => c.name)).toEqual(['An']);
    expect(result.rejected).toEqual([
      {
        line: 3,
        customerCode: 'PB05020000001',
        field: 'customerCode',
        reason: 'duplicate customerCode, first on line 2',
      },
    ]);
  });

  it('refuses the whole file when a required column is missing or a column is unknown', () => {
    expect(parseCustomerFile('customerCode,name,commune\r\nPB05020000001,An,Quế Sơn\r\n')).toEqual({
      accepted: [],
      rejected: [{ line: 1, field: 'purpose', reason: 'missing column purpose' }],
    });
    expect(parseCustomerFile('customerCode,name,commune,purpose,phnoe\r\n').rejected).toEqual([
      { line: 1, field: 'phnoe', reason: 'unknown column "phnoe"' },
    ]);
  });

  it('reads an Excel export: BOM, quoted header, CRLF', () => {
    const text =
      '\uFEFF"customerCode","name","commune","purpose"\r\n"PB05020000001","An","Quế Sơn","residential"\r\n';
    expect(parseCustomerFile(text).accepted).toHaveLength(1);
  });
});

describe('phone numbers', () => {
  it.each([
    ['0905123456', '+84905123456'],
    ['+84905123456', '+84905123456'],
    ['+84 0905 123 456', '+84905123456'],
    ['090-512-3456', '+84905123456'],
    ['(0235) 3812345', '+842353812345'],
    ['+6591234567', '+6591234567'],
    ['905123456', undefined],
    ['0905', undefined],
    ['hotline', undefined],
  ])('%s → %s', (raw, e164) => {
    expect(normalisePhone(raw)).toBe(e164);
  });
});
