/**
 * Gateway payments benchmark: signed POST /v1/payments through the gateway (built billing,
 * provider-integration and gateway started here as processes, on loopback, each with a database of its
 * own) with fresh partnerTxnIds from a bounded concurrent fetch loop: accepted payments/s with p50/p99
 * latency, and for a sample of payments the time from 201 until billing shows the bill paid. In the
 * same run, the same signed requests against a bare NestJS endpoint in its own process, with the
 * platform stopped: the ceiling of the framework (and of this load generator) on this machine. The CPU
 * each process used during both runs is measured too (where a payment's cost goes).
 *
 *   node dist/apps/benchmarks/apps/benchmarks/src/gateway-payments.bench.js \
 *     [--customers 1000] [--payments 10000] [--concurrency 64] [--seconds 60] [--samples 50]
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { signPartnerRequest } from '@gridpay/partner-api';
import { PARTNER_SEED } from '@gridpay/payments/domain';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  billingGroupsAtTail,
  freePort,
  infra,
  startGroupAtTail,
  uniqueName,
  waitFor,
} from '@gridpay/shared/testing';
import { argValue, machine, perSecond, publish, ROOT } from './bench-report';
import { cpuMeter, describeCpu } from './cpu-by-process';

const BARE_FLAG = '--bare-nest-server';
const TARGET = { perSecond: 1000, p99Ms: 100, settleP99Ms: 1000 };
const out = (line: string) => process.stdout.write(line + '\n');

/** A built service started as `./gridpay up` starts it (ServiceProcess resolves dist/ from its own place). */
class ServiceProcess {
  private readonly child: ReturnType<typeof spawn>;
  private readonly exited: Promise<void>;
  constructor(
    readonly name: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    const main = join(ROOT, 'dist/apps', name, 'apps', name, 'src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (./gridpay build)`);
    this.child = spawn(process.execPath, [main], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        OTEL_TRACES_EXPORTER: 'none',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.child.on('exit', () => resolve()));
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  async get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(this.url + path);
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: text };
    }
  }
  waitForReadiness(timeoutMs: number) {
    return waitFor(`${this.name} ready`, async () => (await this.get('/health/ready')).status === 200, {
      timeoutMs,
      intervalMs: 250,
    });
  }
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

interface LoadRequest {
  partner: (typeof PARTNER_SEED)[number];
  body: Record<string, unknown>;
  /** Set for the sampled payments whose settlement in billing is timed. */
  billId?: string;
}

interface LoadResult {
  sent: number;
  accepted: number;
  statuses: Record<string, number>;
  seconds: number;
  latenciesMs: number[];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');

/** The bare ceiling: one Nest app, one POST route answering 201 with a fixed body, nothing else. */
async function bareNestServer(port: number): Promise<void> {
  const { Controller, HttpCode, Module, Post } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  @Controller('v1')
  class BareController {
    @Post('payments')
    @HttpCode(201)
    pay() {
      return { paymentId: 'bare', partnerTxnId: 'bare', status: 'ACCEPTED', appliedTo: [], credit: 0 };
    }
  }
  @Module({ controllers: [BareController] })
  class BareModule {}
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(port, '127.0.0.1');
  process.stdout.write('ready\n');
}

/** Sends `requests` with `concurrency` in flight, stopping after `maxSeconds`; each request signed fresh. */
async function load(
  baseUrl: string,
  requests: LoadRequest[],
  concurrency: number,
  maxSeconds: number,
  onAccepted?: (request: LoadRequest, at: number) => void,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async () => {
    while (next < requests.length && performance.now() < deadline) {
      const request = requests[next++];
      const body = JSON.stringify(request.body);
      const headers = {
        ...signPartnerRequest({
          method: 'POST',
          pathWithQuery: '/v1/payments',
          body,
          partnerCode: request.partner.code,
          keyId: request.partner.keys[0].keyId,
          secret: request.partner.keys[0].secret,
          timestamp: Math.floor(Date.now() / 1000),
          nonce: randomBytes(16).toString('hex'),
        }),
        'content-type': 'application/json',
      };
      const sentAt = performance.now();
      let status = 0;
      try {
        const response = await fetch(baseUrl + '/v1/payments', { method: 'POST', headers, body });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      const doneAt = performance.now();
      latenciesMs.push(doneAt - sentAt);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 201) {
        accepted++;
        onAccepted?.(request, doneAt);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { sent: latenciesMs.length, accepted, statuses, seconds, latenciesMs };
}

/** Polls billing for the sampled bills until each shows paid; resolves with accept → paid times. */
function settleWatcher(billingUrl: string) {
  const pending = new Map<string, number>();
  const settledMs: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped || pending.size > 0) {
      await Promise.all(
        [...pending].map(async ([billId, acceptedAt]) => {
          const answer = await fetch(`${billingUrl}/bills/${billId}`).then(
            (r) => r.json(),
            () => undefined,
          );
          if ((answer as { status?: string } | undefined)?.status === 'paid') {
            settledMs.push(performance.now() - acceptedAt);
            pending.delete(billId);
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    watch: (billId: string, acceptedAt: number) => pending.set(billId, acceptedAt),
    /** Waits at most `timeoutMs` for the pending ones; those never settled are counted apart. */
    async finish(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const unsettled = pending.size;
      pending.clear();
      stopped = true;
      await loop;
      return { settledMs, unsettled };
    },
  };
}

async function send(url: string, method: string, body?: string, contentType = 'text/csv') {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body,
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url} → ${response.status} ${text.slice(0, 300)}`);
  return text === '' ? undefined : JSON.parse(text);
}

async function main(): Promise<void> {
  const CUSTOMERS = argValue('customers', 1000);
  const PAYMENTS = argValue('payments', 10_000);
  const CONCURRENCY = argValue('concurrency', 64);
  const SECONDS = argValue('seconds', 60);
  const SAMPLES = Math.min(argValue('samples', 50), Math.floor(CUSTOMERS / 2));
  const running: ServiceProcess[] = [];
  let bare: ReturnType<typeof spawn> | undefined;
  const stopAll = async () => {
    bare?.kill('SIGKILL');
    await Promise.all(running.map((service) => service.kill()));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    out(
      `gateway payments: ${PAYMENTS.toLocaleString('en')} signed payments, ${CONCURRENCY} in flight, at most ${SECONDS} s; ${CUSTOMERS} customers, ${SAMPLES} settlements timed`,
    );
    const openBillsGroup = uniqueName('bench-open-bills');
    await startGroupAtTail(openBillsGroup);
    // Billing's groups of its own, from the topics' ends: not behind other runs' backlog.
    const billingGroups = await billingGroupsAtTail('bench-gw');
    const env = (extra: Record<string, string> = {}) => ({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URI: infra.mongoUri,
      MONGODB_DB: uniqueName('bench-gw'),
      LOG_LEVEL: 'warn',
      ...extra,
    });
    const billing = new ServiceProcess(
      'billing',
      await freePort(),
      env({ KAFKA_GROUP_PREFIX: billingGroups }),
    );
    const providerIntegration = new ServiceProcess(
      'provider-integration',
      await freePort(),
      env({ OPEN_BILLS_GROUP: openBillsGroup, AUTO_DEBIT_GROUP: uniqueName('bench-auto-debit') }),
    );
    running.push(billing, providerIntegration);
    const gateway = new ServiceProcess(
      'gateway',
      await freePort(),
      // The per-partner token bucket would cap the run at 11 × 300/s: this measures the pipeline.
      env({
        PROVIDER_INTEGRATION_URL: providerIntegration.url,
        RATE_LIMIT_PER_SECOND: '1000000',
        RATE_LIMIT_BURST: '1000000',
      }),
    );
    running.push(gateway);
    await Promise.all(running.map((service) => service.waitForReadiness(120_000)));
    await waitFor(
      'the 11 partners seeded',
      async () => {
        const answer = await providerIntegration.get('/admin/partners');
        return Array.isArray(answer.body) && answer.body.length === 11;
      },
      { timeoutMs: 60_000 },
    );

    // Set-up, not timed: customers with October's bill, known to billing and provider-integration.
    const unit = `PX${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const codes = Array.from({ length: CUSTOMERS }, (_, i) => `${unit}${String(i + 1).padStart(7, '0')}`);
    for (let i = 0; i < codes.length; i += 2000) {
      const chunk = codes.slice(i, i + 2000);
      await send(
        `${billing.url}/customers/import`,
        'POST',
        `customerCode,name,commune,purpose\n${chunk.map((c) => `${c},Bench ${c},Quế An,residential`).join('\n')}\n`,
      );
      await send(
        `${billing.url}/readings/import`,
        'POST',
        `customerCode,readDate,oldIndex,newIndex\n${chunk.map((c) => `${c},2026-10-20,1200,1350`).join('\n')}\n`,
      );
    }
    await send(`${billing.url}/bill-runs/2026-10`, 'POST');
    const setUpStarted = Date.now();
    await waitFor(
      'the bill run',
      async () => {
        const progress = await send(`${billing.url}/bill-runs/2026-10`, 'GET');
        return progress?.billed >= CUSTOMERS || progress?.processed >= CUSTOMERS;
      },
      { timeoutMs: 600_000, intervalMs: 500 },
    );
    const sample = codes.slice(0, SAMPLES);
    const amountDue = new Map<string, number>();
    for (const code of sample)
      amountDue.set(code, (await send(`${billing.url}/bills/${code}-2026-10`, 'GET')).amountDue as number);
    for (const code of codes)
      await waitFor(
        `${code} in provider-integration's open bills`,
        async () => (await providerIntegration.get(`/internal/bills?customerCode=${code}`)).status === 200,
        { timeoutMs: 300_000, intervalMs: 200 },
      );
    out(
      `  set-up (not timed): ${CUSTOMERS} customers billed and known to provider-integration in ${((Date.now() - setUpStarted) / 1000).toFixed(0)} s`,
    );

    // The requests: fresh partnerTxnIds over the 11 partners; every k-th one pays a sampled bill in full.
    const others = codes.slice(SAMPLES);
    const every = Math.max(1, Math.floor(PAYMENTS / Math.max(1, SAMPLES)));
    const run = uniqueName('B')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(-10);
    const requests: LoadRequest[] = Array.from({ length: PAYMENTS }, (_, i) => {
      const partner = PARTNER_SEED[i % PARTNER_SEED.length];
      const sampled = i % every === 0 && i / every < SAMPLES ? sample[i / every] : undefined;
      const customerCode = sampled ?? others[i % others.length];
      return {
        partner,
        ...(sampled ? { billId: `${sampled}-2026-10` } : {}),
        body: {
          partnerTxnId: `${run}-${i}`,
          customerCode,
          ...(sampled ? { billIds: [`${sampled}-2026-10`] } : {}),
          amount: sampled ? amountDue.get(sampled) : 10_000,
          channel: partner.channels[0],
          paidAt: new Date().toISOString(),
        },
      };
    });

    // Warm-up (not counted): JIT, connection pools, first writes into each collection.
    const warmUp: LoadRequest[] = Array.from({ length: 200 }, (_, i) => {
      const partner = PARTNER_SEED[i % PARTNER_SEED.length];
      return {
        partner,
        body: {
          partnerTxnId: `${run}-warm-${i}`,
          customerCode: others[i % others.length],
          amount: 10_000,
          channel: partner.channels[0],
          paidAt: new Date().toISOString(),
        },
      };
    });
    await load(gateway.url, warmUp, 16, 30);

    const settle = settleWatcher(billing.url);
    const gatewayMeter = cpuMeter();
    const gatewayRun = await load(gateway.url, requests, CONCURRENCY, SECONDS, (request, at) => {
      if (request.billId) settle.watch(request.billId, at);
    });
    const gatewayCpu = gatewayMeter.stop();
    const { settledMs, unsettled } = await settle.finish(30_000);

    // The ceiling: the same signed requests to a bare Nest endpoint in its own process, with the
    // platform stopped (billing would otherwise still be settling the backlog on the same cores).
    await Promise.all(running.splice(0).map((service) => service.kill()));
    const barePort = await freePort();
    bare = spawn(process.execPath, [__filename, BARE_FLAG, String(barePort)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      bare?.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      bare?.on('exit', (code) => reject(new Error(`bare Nest server exited ${code}`)));
    });
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await load(bareUrl, requests.slice(0, 500), 16, 10);
    const bareMeter = cpuMeter();
    const bareRun = await load(bareUrl, requests, CONCURRENCY, SECONDS);
    const bareCpu = bareMeter.stop();

    const figures = {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      settings: {
        customers: CUSTOMERS,
        payments: PAYMENTS,
        concurrency: CONCURRENCY,
        maxSeconds: SECONDS,
        samples: SAMPLES,
      },
      gateway: {
        sent: gatewayRun.sent,
        accepted: gatewayRun.accepted,
        statuses: gatewayRun.statuses,
        seconds: Number(gatewayRun.seconds.toFixed(2)),
        acceptedPerSecond: perSecond(gatewayRun.accepted, gatewayRun.seconds),
        p50Ms: Number(percentile(gatewayRun.latenciesMs, 50).toFixed(1)),
        p99Ms: Number(percentile(gatewayRun.latenciesMs, 99).toFixed(1)),
        cpu: gatewayCpu,
      },
      settle: {
        sampled: settledMs.length + unsettled,
        settled: settledMs.length,
        unsettledAfter30s: unsettled,
        p50Ms: Number(percentile(settledMs, 50).toFixed(0)),
        p99Ms: Number(percentile(settledMs, 99).toFixed(0)),
      },
      bareNest: {
        sent: bareRun.sent,
        perSecond: perSecond(bareRun.sent, bareRun.seconds),
        p50Ms: Number(percentile(bareRun.latenciesMs, 50).toFixed(1)),
        p99Ms: Number(percentile(bareRun.latenciesMs, 99).toFixed(1)),
        cpu: bareCpu,
      },
    };
    const g = figures.gateway;
    const met = {
      throughput: g.acceptedPerSecond >= TARGET.perSecond,
      latency: g.p99Ms < TARGET.p99Ms,
      settle: unsettled === 0 && figures.settle.p99Ms < TARGET.settleP99Ms,
    };
    out('');
    out(
      `  gateway: ${g.accepted.toLocaleString('en')} of ${g.sent.toLocaleString('en')} accepted in ${g.seconds} s = ${g.acceptedPerSecond.toLocaleString('en')} payments/s, p50 ${ms(g.p50Ms)}, p99 ${ms(g.p99Ms)}  statuses ${JSON.stringify(g.statuses)}`,
    );
    out(
      `  accept → billing shows the bill paid (${figures.settle.settled} of ${figures.settle.sampled} sampled): p50 ${ms(figures.settle.p50Ms)}, p99 ${ms(figures.settle.p99Ms)}${unsettled ? `, ${unsettled} not settled after 30 s` : ''}`,
    );
    out(
      `  bare NestJS endpoint, same signed requests: ${figures.bareNest.perSecond.toLocaleString('en')} req/s, p50 ${ms(figures.bareNest.p50Ms)}, p99 ${ms(figures.bareNest.p99Ms)}`,
    );
    out(
      `  CPU during the gateway run, per accepted payment: ${describeCpu(gatewayCpu, Math.max(1, g.accepted))}`,
    );
    out(`  CPU during the bare run, per request: ${describeCpu(bareCpu, Math.max(1, bareRun.sent))}`);
    const yes = (ok: boolean) => (ok ? 'met' : 'missed');
    publish('gateway-payments', { ...figures, target: TARGET, met }, [
      '',
      `| ${g.sent.toLocaleString('en')} signed payments, ${CONCURRENCY} in flight, loopback | per second | p50 | p99 |`,
      '| --- | --- | --- | --- |',
      `| **accepted through gateway → provider-integration** (statuses ${Object.entries(g.statuses)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}) | **${g.acceptedPerSecond.toLocaleString('en')}** | ${ms(g.p50Ms)} | ${ms(g.p99Ms)} |`,
      `| accept → billing shows the bill paid (${figures.settle.settled} of ${figures.settle.sampled} sampled${unsettled ? `, ${unsettled} not within 30 s` : ''}) | – | ${ms(figures.settle.p50Ms)} | ${ms(figures.settle.p99Ms)} |`,
      `| ceiling: bare NestJS endpoint, same signed requests, same machine | ${figures.bareNest.perSecond.toLocaleString('en')} | ${ms(figures.bareNest.p50Ms)} | ${ms(figures.bareNest.p99Ms)} |`,
      '',
      `CPU during the gateway run, per accepted payment: ${describeCpu(gatewayCpu, Math.max(1, g.accepted))}.`,
      '',
      `CPU during the bare run, per request: ${describeCpu(bareCpu, Math.max(1, bareRun.sent))}.`,
      '',
      `Measured ${figures.measuredAt.slice(0, 10)} on ${machine().cpus} cores (${machine().cpuModel}), Node ${process.version}, load generator on the same machine; ${CUSTOMERS} customers. Target >= ${TARGET.perSecond.toLocaleString('en')}/s: ${yes(met.throughput)}; p99 < ${TARGET.p99Ms} ms: ${yes(met.latency)}; settle p99 < ${TARGET.settleP99Ms} ms: ${yes(met.settle)}.`,
    ]);
  } finally {
    await stopAll();
  }
}

if (process.argv[2] === BARE_FLAG) {
  void bareNestServer(Number(process.argv[3]));
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`benchmark failed: ${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
}
