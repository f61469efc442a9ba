import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../../../..');

export function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

export function argValue(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value <= 0) {
    process.stderr.write(`--${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return value;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export const perSecond = (count: number, seconds: number) => Math.round(count / seconds);

/** Writes the figures to bench/results/<name>.json and between the README's markers for <name>. */
export function publish(name: string, figures: object, readmeLines: string[]): void {
  const file = resolve(ROOT, 'bench/results', `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(figures, null, 2) + '\n');
  const readme = resolve(ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from !== -1 && to > from) {
    writeFileSync(
      readme,
      text.slice(0, from + start.length) + '\n' + readmeLines.join('\n') + '\n' + text.slice(to),
    );
  }
  process.stdout.write(`\nfigures written to ${file}${from !== -1 ? ' and README.md' : ''}\n`);
}
