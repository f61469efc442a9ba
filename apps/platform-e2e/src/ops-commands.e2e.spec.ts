import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { uniqueName } from '@gridpay/shared/testing';
import { serviceEnv } from './service-env';

const ROOT = resolve(__dirname, '../../..');

function ops(service: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [`dist/apps/${service}/apps/${service}/src/main.js`, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', OTEL_TRACES_EXPORTER: 'none', ...serviceEnv() },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout.trim().split('\n').pop() ?? '' };
}

describe('ops commands of a service', () => {
  it('re-drives the dead letters of a consumer group (none yet) and reports it as JSON', () => {
    const group = uniqueName('e2e-group');
    const { code, out } = ops('billing', 'redrive-dead-letters', group);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ command: 'redrive-dead-letters', group, redriven: 0, byReason: {} });
  });

  it('names the projections it keeps when asked to rebuild an unknown one', () => {
    const { code, out } = ops('reporting', 'rebuild-projection', 'no-such-projection');
    expect(code).toBe(2);
    expect(out).toMatch(/^usage: rebuild-projection <name>; this service keeps: /);
  });
});
