/**
 * Staff CLI for the monthly bill run: asks the billing service to run (or resume) a period and
 * draws its progress until it ends — a bar with rate and ETA on a terminal, plain lines in logs.
 *   npm run --silent bill-run -- 2026-10 [--url http://127.0.0.1:3001]
 * Exit code 0 when every reading was billed, 1 when some failed, 2 on bad arguments or no service.
 */
import { progressPrinter, type BillRunProgress } from '@gridpay/billing/feature';
import { PERIOD } from '@gridpay/contracts';

const USAGE = 'usage: bill-run YYYY-MM [--url http://127.0.0.1:3001]';

async function call(url: string, method: 'GET' | 'POST'): Promise<BillRunProgress> {
  const response = await fetch(url, { method });
  const body = (await response.json()) as BillRunProgress & { message?: string };
  if (!response.ok) throw new Error(`${response.status} ${body.message ?? JSON.stringify(body)}`);
  return body;
}

export async function runBillRunCli(argv: string[], out: (line: string) => void): Promise<number> {
  const period = argv.find((arg) => !arg.startsWith('--'));
  const urlAt = argv.indexOf('--url');
  const base =
    (urlAt >= 0 ? argv[urlAt + 1] : undefined) ?? process.env.BILLING_URL ?? 'http://127.0.0.1:3001';
  if (!period || !PERIOD.test(period)) {
    out(USAGE);
    return 2;
  }
  const draw = progressPrinter(process.stderr);
  try {
    let progress = await call(`${base}/bill-runs/${period}`, 'POST');
    while (progress.status === 'running') {
      draw(progress);
      await new Promise((resolve) => setTimeout(resolve, 500));
      progress = await call(`${base}/bill-runs/${period}`, 'GET');
    }
    draw(progress);
    out(JSON.stringify(progress));
    return progress.status === 'completed' ? 0 : 1;
  } catch (error) {
    out(`bill-run: ${(error as Error).message} (is billing running at ${base}?)`);
    return 2;
  }
}

if (require.main === module) {
  void runBillRunCli(process.argv.slice(2), (line) => process.stdout.write(line + '\n')).then((code) =>
    process.exit(code),
  );
}
