/**
 * Staff CLI for "why is my bill this amount":
 *   npm run --silent quote -- --kwh 150 --date 2019-10-31 [--households 2] [--purpose residential] [--no-occupants]
 *   npm run --silent quote -- --kwh 420 --from 2024-09-20 --to 2024-10-19
 *   npm run --silent quote -- --purpose business --voltage '<6kV' --peak 90 --normal 300 --off-peak 150 --date 2025-06-30
 *   npm run --silent quote -- --purpose production --voltage 6-22kV --kwh 1000 --from 2025-04-20 --to 2025-05-20
 * Prints the lines readably, then one JSON object on the last line.
 */
import {
  EVN_TARIFFS,
  quoteMonth,
  quoteNonResidentialMonth,
  quoteReading,
  VOLTAGE_BANDS,
  type Quote,
  type TimeOfUseKwh,
} from '@gridpay/billing/domain';
import { PURPOSES, type Purpose } from '@gridpay/contracts';
import { DomainError } from '@gridpay/shared/ddd';

const USAGE = [
  'usage: quote --kwh N (--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD) [--households N] [--purpose residential] [--no-occupants]',
  '       quote --purpose business|production|administrative --voltage BAND (--kwh N | --peak N --normal N --off-peak N)',
  '             (--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD)',
  `       BAND is one of ${VOLTAGE_BANDS.join(' ')}; --peak/--normal/--off-peak are a 3-price meter's kWh (with --kwh, they must add up to it)`,
].join('\n');

const RESIDENTIAL_ONLY = ['households', 'no-occupants'];
const NON_RESIDENTIAL_ONLY = ['voltage', 'peak', 'normal', 'off-peak'];

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

function purposeOf(args: Record<string, string | true>): Purpose {
  const purpose = text(args, 'purpose') ?? 'residential';
  if (!(PURPOSES as readonly string[]).includes(purpose))
    throw new DomainError('bad-argument', `--purpose must be one of ${PURPOSES.join(', ')}`);
  return purpose as Purpose;
}

/** A 3-price meter's kWh: all three bands or none. */
function bandsOf(args: Record<string, string | true>): TimeOfUseKwh | undefined {
  const given = ['peak', 'normal', 'off-peak'].filter((band) => args[band] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < 3) throw new DomainError('bad-argument', '--peak, --normal and --off-peak go together');
  return {
    peak: wholeNumber(args, 'peak'),
    normal: wholeNumber(args, 'normal'),
    offPeak: wholeNumber(args, 'off-peak'),
  };
}

export function runQuote(argv: string[]): Quote {
  const args = parse(argv);
  const known = new Set([
    'kwh',
    'date',
    'from',
    'to',
    'purpose',
    ...RESIDENTIAL_ONLY,
    ...NON_RESIDENTIAL_ONLY,
  ]);
  for (const key of Object.keys(args))
    if (!known.has(key)) throw new DomainError('bad-argument', `unknown option --${key}`);
  const purpose = purposeOf(args);
  const notHere = (purpose === 'residential' ? NON_RESIDENTIAL_ONLY : RESIDENTIAL_ONLY).find(
    (key) => args[key] !== undefined,
  );
  if (notHere) throw new DomainError('bad-argument', `--${notHere} does not apply to --purpose ${purpose}`);
  const byTime = bandsOf(args);
  const kwh =
    byTime && args['kwh'] === undefined
      ? byTime.peak + byTime.normal + byTime.offPeak
      : wholeNumber(args, 'kwh');
  const voltageBand = purpose === 'residential' ? '<6kV' : text(args, 'voltage');
  if (voltageBand === undefined)
    throw new DomainError(
      'bad-argument',
      `--purpose ${purpose} needs --voltage (${VOLTAGE_BANDS.join(', ')})`,
    );
  const households = wholeNumber(args, 'households', 1);
  const landlordDeclaredOccupants = args['no-occupants'] !== true;
  const date = text(args, 'date');
  const from = text(args, 'from');
  const to = text(args, 'to');
  if (date && !from && !to) {
    if (purpose === 'residential')
      return quoteMonth(EVN_TARIFFS, { kwh, households, landlordDeclaredOccupants, date });
    return quoteNonResidentialMonth(EVN_TARIFFS, { purpose, voltageBand, kwh, byTime, date });
  }
  if (from && to && !date) {
    const customer = {
      purpose,
      households,
      voltageBand,
      threePriceMeter: !!byTime,
      landlordDeclaredOccupants,
    };
    const reading = {
      previousReadDate: from,
      readDate: to,
      kwh,
      peakKwh: byTime?.peak,
      normalKwh: byTime?.normal,
      offPeakKwh: byTime?.offPeak,
    };
    return quoteReading(EVN_TARIFFS, customer, reading);
  }
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
