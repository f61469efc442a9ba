import { runQuote } from './quote';

describe('quote CLI', () => {
  it('quotes a standard month ending on --date', () => {
    expect(runQuote(['--kwh', '150', '--date', '2019-10-31'])).toMatchObject({
      subtotal: 271_300,
      vat: 27_130,
      total: 298_430,
    });
  });

  it('quotes an exact reading period with --from/--to, split across the price change', () => {
    const quote = runQuote(['--kwh', '420', '--from', '2024-09-20', '--to', '2024-10-19']);
    expect(quote.tariffs).toEqual(['+4.5%', '2699/QĐ-BCT']);
    expect(quote.total).toBe(quote.subtotal + quote.vat);
  });

  it('takes households and the landlord flag', () => {
    expect(runQuote(['--kwh', '200', '--date', '2019-10-31', '--households', '2']).subtotal).toBe(341_200);
    expect(runQuote(['--kwh', '150', '--date', '2025-06-30', '--no-occupants']).subtotal).toBe(357_000);
  });

  describe('non-residential customers', () => {
    it('prices a 3-price meter month by time of use, --kwh being the sum of the bands', () => {
      const argv =
        '--purpose business --voltage <6kV --peak 100 --normal 300 --off-peak 200 --date 2025-06-30';
      const quote = runQuote(argv.split(' '));
      expect(quote.lines.map((l) => [l.label, l.kwh, l.unitPrice])).toEqual([
        ['Giờ cao điểm', 100, 5422],
        ['Giờ bình thường', 300, 3152],
        ['Giờ thấp điểm', 200, 1918],
      ]);
      expect(quote).toMatchObject({ kwh: 600, subtotal: 1_871_400, total: 2_021_112 });
      expect(runQuote([...argv.split(' '), '--kwh', '600'])).toEqual(quote);
    });

    it('prices a customer without a 3-price meter at the normal price of the band', () => {
      const argv = '--purpose production --voltage 6-22kV --kwh 100 --date 2025-06-30';
      expect(runQuote(argv.split(' ')).lines).toEqual([
        { label: 'Giờ bình thường (công tơ 1 giá)', kwh: 100, unitPrice: 1899, amount: 189_900 },
      ]);
    });

    it('prices an administrative customer at the flat price of the band', () => {
      const argv = '--purpose administrative --voltage <6kV --kwh 500 --date 2025-06-30';
      expect(runQuote(argv.split(' ')).subtotal).toBe(1_036_000);
    });

    it('splits an exact reading period across the price change', () => {
      const argv =
        '--purpose business --voltage <6kV --peak 90 --normal 300 --off-peak 150 --from 2025-04-20 --to 2025-05-20';
      const quote = runQuote(argv.split(' '));
      expect(quote.tariffs).toEqual(['2699/QĐ-BCT', '1279/QĐ-BCT']);
      expect(quote.subtotal).toBe(1_668_800);
    });
  });

  it.each([
    [['--kwh', 'abc', '--date', '2019-10-31'], /--kwh must be a whole number/],
    [['--kwh', '10'], /give either --date, or --from and --to/],
    [
      ['--kwh', '10', '--date', '2019-10-31', '--from', '2019-09-30'],
      /give either --date, or --from and --to/,
    ],
    [['--kwh', '10', '--date', '2019-10-31', '--colour', 'red'], /unknown option --colour/],
    [
      ['--kwh', '10', '--date', '2019-10-31', '--purpose', 'shop'],
      /--purpose must be one of residential, business/,
    ],
    [['--kwh', '10', '--date', '2025-06-30', '--purpose', 'business'], /--purpose business needs --voltage/],
    [
      ['--kwh', '10', '--date', '2025-06-30', '--voltage', '<6kV'],
      /--voltage does not apply to --purpose residential/,
    ],
    [
      [
        '--kwh',
        '10',
        '--date',
        '2025-06-30',
        '--purpose',
        'business',
        '--voltage',
        '<6kV',
        '--households',
        '2',
      ],
      /--households does not apply to --purpose business/,
    ],
    [
      ['--purpose', 'business', '--voltage', '35kV', '--kwh', '10', '--date', '2025-06-30'],
      /voltage band must be one of <6kV, 6-22kV, 22-110kV, >=110kV/,
    ],
    [
      ['--purpose', 'business', '--voltage', '<6kV', '--peak', '1', '--normal', '2', '--date', '2025-06-30'],
      /--peak, --normal and --off-peak go together/,
    ],
    [
      [
        ...'--purpose business --voltage <6kV --kwh 10 --peak 1 --normal 2 --off-peak 3 --date 2025-06-30'.split(
          ' ',
        ),
      ],
      /= 6 kWh, not the 10 kWh read/,
    ],
    [['--kwh', '10', '--date'], /--date needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => runQuote(argv)).toThrow(message);
  });
});
