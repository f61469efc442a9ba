import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * CPU time used by every process of the machine while a benchmark phase runs, grouped by what the
 * process is: where a 2-core machine's capacity goes (database server, broker, services, the load).
 * Reads Linux's /proc; elsewhere it measures nothing. A process that exits during the phase is not
 * counted (the stack's processes all live through a phase).
 */
export interface CpuUse {
  wallSeconds: number;
  /** Cores × wall time: what the machine had. */
  availableSeconds: number;
  /** CPU seconds per group, largest first. */
  byGroup: Record<string, number>;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function groupOf(pid: number, command: string): string {
  if (pid === process.pid) return 'benchmark (load, pipeline)';
  if (/(^|\/)ferretdb\b/.test(command)) return 'FerretDB';
  if (/(^|\/)postgres\b/.test(command)) return 'PostgreSQL';
  if (command.includes('kafka.Kafka')) return 'Kafka broker';
  if (command.includes('zipkin')) return 'Zipkin';
  const service = /dist\/apps\/([\w-]+)\//.exec(command);
  if (service && command.includes('node')) return service[1];
  return 'other';
}

function snapshot(): Map<number, { group: string; ticks: number }> {
  const processes = new Map<number, { group: string; ticks: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return processes;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      processes.set(pid, { group: groupOf(pid, command), ticks });
    } catch {
      // the process ended while we looked
    }
  }
  return processes;
}

/** Starts measuring; `stop()` returns what each group used since. */
export function cpuMeter(): { stop: () => CpuUse } {
  const before = snapshot();
  const started = process.hrtime.bigint();
  return {
    stop() {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const totals = new Map<string, number>();
      for (const [pid, now] of snapshot()) {
        const used = now.ticks - (before.get(pid)?.ticks ?? 0);
        if (used > 0) totals.set(now.group, (totals.get(now.group) ?? 0) + used / ticksPerSecond);
      }
      const byGroup = Object.fromEntries(
        [...totals]
          .sort((a, b) => b[1] - a[1])
          .map(([group, seconds]) => [group, Number(seconds.toFixed(1))]),
      );
      return {
        wallSeconds: Number(wallSeconds.toFixed(1)),
        availableSeconds: Number((wallSeconds * cpus().length).toFixed(1)),
        byGroup,
      };
    },
  };
}

/** "FerretDB 30.1 s (0.30 ms each), …" — CPU per group and per unit of work (event, bill, payment). */
export function describeCpu(use: CpuUse, units: number): string {
  if (Object.keys(use.byGroup).length === 0) return 'not measured (no /proc)';
  const groups = Object.entries(use.byGroup).filter(([, seconds]) => seconds >= 0.1);
  const used = Object.values(use.byGroup).reduce((sum, seconds) => sum + seconds, 0);
  const each = (seconds: number) => `${((seconds * 1000) / units).toFixed(2)} ms each`;
  return (
    groups.map(([group, seconds]) => `${group} ${seconds.toFixed(1)} s (${each(seconds)})`).join(', ') +
    `; total ${used.toFixed(1)} of ${use.availableSeconds.toFixed(1)} CPU-s available (${each(used)})`
  );
}
