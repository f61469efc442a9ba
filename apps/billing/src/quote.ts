/**
 * Staff CLI for "why is my bill this amount":
 *   npm run --silent quote -- --kwh 150 --date 2019-10-31 [--households 2] [--purpose residential] [--no-occupants]
 *   npm run --silent quote -- --kwh 420 --from 2024-09-20 --to 2024-10-19
 * Prints the lines readably, then one JSON object on the last line.
 */
import { EVN_TARIFFS, quoteMonth, quotePeriod, type Quote } from '@gridpay/billing/domain';
import { DomainError } from '@gridpay/shared/ddd';

const USAGE =
  'usage: quote --kwh N (--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD) [--households N] [--purpose residential] [--no-occupants]';

function parse(argv: string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (!key.startsWith('--')) throw new DomainError('bad-argument', `unexpected argument "${key}"`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args[key.slice(2)] = true;
    else {
      args[key.slice(2)] = next;
      i++;
    }
  }
  return args;
}

function wholeNumber(args: Record<string, string | true>, name: string, fallback?: number): number {
  const raw = args[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw))
    throw new DomainError('bad-argument', `--${name} must be a whole number`);
  return Number(raw);
}

function text(args: Record<string, string | true>, name: string): string | undefined {
  const raw = args[name];
  if (raw === true) throw new DomainError('bad-argument', `--${name} needs a value`);
  return raw;
}

export function runQuote(argv: string[]): Quote {
  const args = parse(argv);
  const known = new Set(['kwh', 'date', 'from', 'to', 'households', 'purpose', 'no-occupants']);
  for (const key of Object.keys(args))
    if (!known.has(key)) throw new DomainError('bad-argument', `unknown option --${key}`);
  const purpose = text(args, 'purpose') ?? 'residential';
  if (purpose !== 'residential') {
    throw new DomainError('bad-argument', `--purpose ${purpose}: only residential is quoted so far`);
  }
  const usage = {
    kwh: wholeNumber(args, 'kwh'),
    households: wholeNumber(args, 'households', 1),
    landlordDeclaredOccupants: args['no-occupants'] !== true,
  };
  const date = text(args, 'date');
  const from = text(args, 'from');
  const to = text(args, 'to');
  if (date && !from && !to) return quoteMonth(EVN_TARIFFS, { ...usage, date });
  if (from && to && !date) return quotePeriod(EVN_TARIFFS, { ...usage, from, to });
  throw new DomainError('bad-argument', 'give either --date, or --from and --to');
}

if (require.main === module) {
  try {
    const quote = runQuote(process.argv.slice(2));
    for (const line of quote.lines) {
      process.stdout.write(`${line.label}: ${line.kwh} kWh × ${line.unitPrice} = ${line.amount}\n`);
    }
    process.stdout.write(
      `subtotal ${quote.subtotal} + VAT ${quote.vatRate}% ${quote.vat} = ${quote.total} (${quote.tariffs.join(', ')})\n`,
    );
    process.stdout.write(JSON.stringify(quote) + '\n');
  } catch (error) {
    process.stderr.write(`quote: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}
