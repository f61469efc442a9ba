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

  it.each([
    [['--kwh', 'abc', '--date', '2019-10-31'], /--kwh must be a whole number/],
    [['--kwh', '10'], /give either --date, or --from and --to/],
    [
      ['--kwh', '10', '--date', '2019-10-31', '--from', '2019-09-30'],
      /give either --date, or --from and --to/,
    ],
    [['--kwh', '10', '--date', '2019-10-31', '--colour', 'red'], /unknown option --colour/],
    [['--kwh', '10', '--date', '2019-10-31', '--purpose', 'business'], /only residential is quoted so far/],
    [['--kwh', '10', '--date'], /--date needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => runQuote(argv)).toThrow(message);
  });
});
