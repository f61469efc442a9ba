import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '../../../..');

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A real service process started from its build (dist/apps/<name>), as `npm run up` starts it.
 * Captures its JSON log lines so tests can read what it said.
 */
export class ServiceProcess {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<ExitResult>;

  constructor(
    readonly name: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    const main = join(ROOT, 'dist/apps', name, 'apps', name, 'src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nx run-many -t build)`);
    this.child = spawn(process.execPath, [main], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), OTEL_TRACES_EXPORTER: 'none', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout
      ?.setEncoding('utf8')
      .on('data', (chunk: string) => this.lines.push(...chunk.split('\n').filter(Boolean)));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolveExit) =>
      this.child.on('exit', (code, signal) => resolveExit({ code, signal })),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async get(path: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(this.url + path);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  }

  waitForReadiness(expected: 200 | 503, timeoutMs = 45_000): Promise<{ status: number; body: unknown }> {
    return waitFor(
      `${this.name} /health/ready to answer ${expected}`,
      async () => {
        const answer = await this.get('/health/ready');
        return answer.status === expected ? answer : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  logged(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** For afterEach/afterAll: never leaves a process behind, even when a test failed. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
