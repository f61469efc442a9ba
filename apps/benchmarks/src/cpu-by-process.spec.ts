import { existsSync } from 'node:fs';
import { cpuMeter, describeCpu } from './cpu-by-process';

const onLinux = existsSync('/proc/self/stat') ? it : it.skip;

describe('CPU by process', () => {
  onLinux('counts the CPU this process burns under its own group', () => {
    const meter = cpuMeter();
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 300_000) {
      // burn 0.3 s of CPU
    }
    const use = meter.stop();
    expect(use.byGroup['benchmark (load, pipeline)']).toBeGreaterThanOrEqual(0.2);
    expect(use.availableSeconds).toBeGreaterThanOrEqual(use.wallSeconds);
  });

  it('describes each group per unit of work, largest first, and the total', () => {
    const line = describeCpu(
      { wallSeconds: 10, availableSeconds: 20, byGroup: { FerretDB: 6, gateway: 2.5, other: 0.04 } },
      1000,
    );
    expect(line).toBe(
      'FerretDB 6.0 s (6.00 ms each), gateway 2.5 s (2.50 ms each); total 8.5 of 20.0 CPU-s available (8.54 ms each)',
    );
  });

  it('says when nothing was measured', () => {
    expect(describeCpu({ wallSeconds: 1, availableSeconds: 2, byGroup: {} }, 10)).toBe(
      'not measured (no /proc)',
    );
  });
});
