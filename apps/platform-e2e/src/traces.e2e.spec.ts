import { freePort, infra, ServiceProcess, waitFor } from '@gridpay/shared/testing';
import { serviceEnv } from './service-env';

interface ZipkinSpan {
  traceId: string;
  name: string;
  kind?: string;
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

describe('traces reach the dashboard', () => {
  let gateway: ServiceProcess | undefined;
  afterAll(() => gateway?.kill());

  it('a span produced by the gateway is found through Zipkin’s HTTP API', async () => {
    const serviceName = `gateway-e2e-${Date.now().toString(36)}`;
    gateway = new ServiceProcess(
      'gateway',
      await freePort(),
      serviceEnv({
        OTEL_SERVICE_NAME: serviceName,
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${infra.zipkinUrl}/api/v2/spans`,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      }),
    );
    await gateway.waitForReadiness(200);
    expect((await gateway.get('/docs-json')).status).toBe(200);

    const traces = await waitFor(
      'the gateway span in Zipkin',
      async () => {
        const res = await fetch(
          `${infra.zipkinUrl}/api/v2/traces?serviceName=${serviceName}&lookback=600000`,
        );
        const found = (await res.json()) as ZipkinSpan[][];
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const server = traces.flat().find((span) => span.kind === 'SERVER');
    expect(server).toBeDefined();
    expect(server!.localEndpoint?.serviceName).toBe(serviceName);
    expect(Object.values(server!.tags ?? {})).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/docs-json/)]),
    );
  });
});
