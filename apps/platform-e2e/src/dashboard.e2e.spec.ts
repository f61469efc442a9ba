import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { topicOf, type KnownEvent } from '@gridpay/contracts';
import { handComputedMonth } from '@gridpay/reporting/domain/testing';
import { freePort, infra, ServiceProcess, uniqueName, waitFor } from '@gridpay/shared/testing';
import { serviceEnv } from './service-env';

const ROOT = resolve(__dirname, '../../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve(ROOT, 'tmp/dashboard');

let sequence = 0;
function uuidv7(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  sequence = (sequence + 1) % 0xfff;
  const random = Array.from({ length: 15 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-8${random.slice(0, 3)}-${random.slice(3)}`;
}

/** The hand-computed month (2025-06), and the month before it where customer 1 did not pay. */
function twoMonths(): KnownEvent[] {
  const run = Date.now().toString(36).slice(-4).toUpperCase();
  const june = handComputedMonth({
    code: (n) => `DB${run}${String(n).padStart(7, '0')}`,
    eventId: uuidv7,
    ids: `${run}-06-`,
  });
  const mayCode = (n: number) => `DB${run}${String(100 + n).padStart(7, '0')}`;
  const may = handComputedMonth({ code: mayCode, eventId: uuidv7, ids: `${run}-05-` })
    .filter(
      (e) =>
        !(e.data as { customerCode?: string }).customerCode?.startsWith(mayCode(1)) ||
        !/Payment|Settled/.test(e.type),
    )
    .filter(
      (e) =>
        e.type !== 'ReconciliationCompleted' &&
        e.type !== 'MandateRegistered' &&
        e.type !== 'MandateCancelled',
    )
    .map(
      (e) =>
        JSON.parse(
          JSON.stringify(e).replace(/2025-(0[5-7])/g, (_, m) => `2025-0${Number(m) - 1}`),
        ) as KnownEvent,
    );
  return [...may, ...june];
}

async function publish(prefix: string, events: KnownEvent[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'dashboard-e2e',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const topics = [...new Set(events.map((e) => prefix + topicOf(e.type)))];
  await admin.connect();
  await admin.createTopics({
    topics: topics.map((topic) => ({ topic, numPartitions: 3 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  await producer.connect();
  await producer.sendBatch({
    acks: -1,
    topicMessages: topics.map((topic) => ({
      topic,
      messages: events
        .filter((e) => prefix + topicOf(e.type) === topic)
        .map((e) => ({ key: e.partitionKey, value: JSON.stringify(e) })),
    })),
  });
  await producer.disconnect();
}

/** The query string the page builds for a choice of filters (URLSearchParams: a space is +). */
const q = (filters: Record<string, string>) => `?${new URLSearchParams(filters).toString()}`;

interface Summary {
  period: string;
  billedCustomers: number;
  throughPartnersShare: number;
  cashlessShare: number;
  collectedAmount: number;
  outstandingAllPeriods: number;
  enrollments: number;
}

describe('the branch dashboard in headless Chromium', () => {
  let service: ServiceProcess;
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];

  const api = async <T>(path: string): Promise<T> => (await service.get(path)).body as T;
  const summaryOf = async (query: string) =>
    (await api<{ rows: Summary[] }>(`/reports/summary${query}`)).rows[0];

  /** What the headline cards show: their text and the raw value they were drawn from. */
  async function shown(testId: string): Promise<{ text: string; value: number }> {
    const card = page.getByTestId(testId);
    return { text: (await card.textContent()) ?? '', value: Number(await card.getAttribute('data-value')) };
  }

  async function loaded(query: string): Promise<void> {
    // Browser-side code as strings: this project type-checks without the DOM library.
    await page.waitForFunction(
      `document.body.dataset.loaded === 'true' && document.body.dataset.query === ${JSON.stringify(query)}`,
      undefined,
      { timeout: 20_000 },
    );
  }

  async function expectHeadlineMatches(query: string): Promise<Summary> {
    const expected = await summaryOf(query);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    expect(await shown('kpi-through')).toEqual({
      text: pct(expected.throughPartnersShare),
      value: expected.throughPartnersShare,
    });
    expect(await shown('kpi-cashless')).toEqual({
      text: pct(expected.cashlessShare),
      value: expected.cashlessShare,
    });
    expect((await shown('kpi-billed')).value).toBe(expected.billedCustomers);
    expect((await shown('kpi-collected')).value).toBe(expected.collectedAmount);
    expect((await shown('kpi-outstanding')).value).toBe(expected.outstandingAllPeriods);
    expect((await shown('kpi-enrollments')).value).toBe(expected.enrollments);
    expect(await page.getByTestId('headline-period').textContent()).toBe(expected.period);
    return expected;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH. ` +
          'CI provisions it in .ci/run; this test never downloads a browser.',
      );
    const prefix = `${uniqueName('e2e-dash')}.`;
    await publish(prefix, twoMonths());
    service = new ServiceProcess(
      'reporting',
      await freePort(),
      serviceEnv({
        REPORTING_TOPIC_PREFIX: prefix,
        REPORTING_GROUP: uniqueName('e2e-dash'),
        REPORTING_CACHE_MS: '0',
        REPORTING_STALE_MS: '0',
      }),
    );
    await service.waitForReadiness(200);
    await waitFor(
      'both months in the reporting projections',
      async () => {
        const shares = await api<{ rows: Array<{ billedCustomers: number; paidThroughPartners: number }> }>(
          '/reports/shares',
        );
        const recon = await api<{ rows: unknown[] }>('/reports/reconciliation');
        return (
          shares.rows.length === 2 &&
          shares.rows[0].paidThroughPartners === 4 &&
          shares.rows[1].paidThroughPartners === 5 &&
          recon.rows.length === 2
        );
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1500 } });
    page.on('request', (request) => {
      if (!request.url().startsWith(service.url)) outside.push(request.url());
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('opens on the latest period with the headline, charts and leaderboard the API gives', async () => {
    await page.goto(`${service.url}/dashboard`);
    await loaded('');
    const headline = await expectHeadlineMatches('');
    expect(headline).toMatchObject({
      period: '2025-06',
      billedCustomers: 8,
      throughPartnersShare: 0.625,
      cashlessShare: 0.375,
    });

    // Chart.js came from the service itself and drew all four charts.
    expect(await page.evaluate('typeof window.Chart')).toBe('function');
    for (const id of ['chart-trend', 'chart-channels', 'chart-partners', 'chart-debt']) {
      const drawn = await page.evaluate(`(() => {
        const canvas = document.getElementById(${JSON.stringify(id)});
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        return pixels.some((value, i) => i % 4 === 3 && value !== 0);
      })()`);
      expect({ id, drawn }).toEqual({ id, drawn: true });
    }
    const trendLabels = await page.evaluate(`Chart.getChart('chart-trend').data.labels`);
    expect(trendLabels).toEqual(['2025-05', '2025-06']);

    const campaign = await api<{ rows: Array<{ employee: string; net: number }> }>('/reports/campaign');
    const rows = page.getByTestId('table-campaign').locator('tbody tr');
    expect(await rows.count()).toBe(campaign.rows.length);
    expect(await rows.first().locator('td[data-col="employee"]').textContent()).toBe(
      campaign.rows[0].employee,
    );
    expect(Number(await rows.first().locator('td[data-col="net"]').getAttribute('data-value'))).toBe(
      campaign.rows[0].net,
    );
    const reconciliation = await api<{ rows: Array<{ status: string }> }>('/reports/reconciliation');
    const statuses = page.getByTestId('table-reconciliation').locator('td[data-col="status"]');
    expect(await statuses.allTextContents()).toEqual(reconciliation.rows.map((r) => r.status).reverse());
    // "latest" scopes the per-partner breakdown to the headline's period.
    const june = await api<{ rows: Array<{ amount: number }> }>('/reports/channels?period=2025-06');
    const amounts = page.getByTestId('table-channels').locator('td[data-col="amount"]');
    expect(
      (await amounts.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')))).map(Number),
    ).toEqual(june.rows.map((r) => r.amount));
    await page.screenshot({ path: resolve(SCREENSHOTS, 'dashboard.png'), fullPage: true });
  });

  it('follows the filters: commune, then period, then partner, then back to all', async () => {
    await page.selectOption('#filter-commune', 'Quế Phú');
    await loaded(q({ commune: 'Quế Phú' }));
    expect(await expectHeadlineMatches(q({ commune: 'Quế Phú' }))).toMatchObject({
      billedCustomers: 4,
      cashlessShare: 0.25,
    });
    const debtBars = await page.evaluate(`Chart.getChart('chart-debt').data.labels`);
    expect(debtBars).toEqual(['Quế Phú']);

    await page.selectOption('#filter-period', '2025-05');
    await loaded(q({ period: '2025-05', commune: 'Quế Phú' }));
    await expectHeadlineMatches(q({ period: '2025-05', commune: 'Quế Phú' }));

    await page.selectOption('#filter-commune', '');
    await page.selectOption('#filter-partner', 'momo');
    await loaded('?period=2025-05&partner=momo');
    const may = await expectHeadlineMatches('?period=2025-05&partner=momo');
    expect(may).toMatchObject({ billedCustomers: 8, throughPartnersShare: 0.125 });
    const channelRows = page.getByTestId('table-channels').locator('tbody tr');
    expect(await channelRows.count()).toBe(1);
    expect(await channelRows.first().locator('td[data-col="amount"]').getAttribute('data-value')).toBe(
      '100000',
    );
    const csvHref = await page.locator('#exports a[data-table="channels"]').getAttribute('href');
    expect(csvHref).toBe('/reports/channels?period=2025-05&partner=momo&format=csv');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'dashboard-filtered.png'), fullPage: true });

    await page.click('#reset-filters');
    await loaded('');
    await expectHeadlineMatches('');
  });

  it('fetched nothing from outside the service', () => {
    expect(outside).toEqual([]);
  });
});
