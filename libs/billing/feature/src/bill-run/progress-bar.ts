import type { BillRunProgress } from './bill-run.store';

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** One line: bar, count, percent, rate and ETA, e.g. "[#####-----] 5,000/10,000 50% 2,100/s ETA 00:02". */
export function renderProgress(progress: BillRunProgress, width = 30): string {
  const ratio = progress.total === 0 ? 1 : progress.processed / progress.total;
  const filled = Math.round(ratio * width);
  const n = (value: number) => value.toLocaleString('en-US');
  const tail =
    progress.status === 'running'
      ? `${n(progress.ratePerSecond)}/s ETA ${duration(progress.etaSeconds)}`
      : `${progress.status}: ${n(progress.billed)} billed, ${n(progress.alreadyBilled)} already billed, ${n(progress.failed)} failed`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${n(progress.processed)}/${n(progress.total)} ${Math.floor(ratio * 100)}% ${tail}`;
}

/**
 * Draws the bar in place on a terminal; elsewhere (logs, CI) prints a plain line at most every
 * `everyMs`, and always the last one.
 */
export function progressPrinter(
  stream: NodeJS.WriteStream = process.stderr,
  everyMs = 2000,
): (progress: BillRunProgress) => void {
  let last = 0;
  return (progress) => {
    const done = progress.status !== 'running';
    if (stream.isTTY) {
      stream.write(`\r${renderProgress(progress)}\x1b[K${done ? '\n' : ''}`);
      return;
    }
    if (!done && Date.now() - last < everyMs) return;
    last = Date.now();
    stream.write(`bill run ${progress.period}: ${renderProgress(progress)}\n`);
  };
}
