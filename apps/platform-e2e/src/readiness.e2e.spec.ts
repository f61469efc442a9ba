import { freePort, infra, ServiceProcess, TcpProxy, waitFor } from '@gridpay/shared/testing';
import { serviceEnv } from './service-env';

describe('readiness follows the dependencies', () => {
  let service: ServiceProcess | undefined;
  afterEach(() => service?.kill());

  it('turns false while MongoDB is unreachable and true again when it returns', async () => {
    const target = new URL(infra.mongoUri.replace(/^mongodb(\+srv)?:/, 'http:'));
    const proxy = new TcpProxy(target.hostname, Number(target.port || 27017));
    const port = await proxy.open();
    try {
      const uri = `mongodb://127.0.0.1:${port}/?directConnection=true&heartbeatFrequencyMS=500`;
      service = new ServiceProcess('billing', await freePort(), serviceEnv({ MONGODB_URI: uri }));
      await service.waitForReadiness(200);

      await proxy.cut();
      const down = await service.waitForReadiness(503);
      expect(down.body).toMatchObject({
        ready: false,
        checks: { kafka: 'up', mongodb: expect.stringMatching(/^down: /) },
      });

      await proxy.open(port);
      await service.waitForReadiness(200);
    } finally {
      await proxy.cut();
    }
  });

  it('is not ready while Kafka is unreachable, and says so in one clear log line', async () => {
    const deadPort = await freePort();
    service = new ServiceProcess(
      'reporting',
      await freePort(),
      serviceEnv({ KAFKA_BROKERS: `127.0.0.1:${deadPort}` }),
    );
    // MongoDB connects in the background too: wait for the answer where only Kafka is down.
    const answer = await waitFor('503 with MongoDB up and Kafka down', async () => {
      const reply = await service!.get('/health/ready').catch(() => undefined);
      const checks = (reply?.body as { checks?: Record<string, string> } | undefined)?.checks;
      return reply?.status === 503 && checks?.mongodb === 'up' ? reply : undefined;
    });
    expect(answer.body).toMatchObject({
      checks: { kafka: expect.stringMatching(/^down: .*ECONNREFUSED/), mongodb: 'up' },
    });
    await waitFor('the unreachable-kafka log line', () =>
      service!.logged(new RegExp(`"level":"warn".*"msg":"kafka 127.0.0.1:${deadPort} unreachable`)),
    );
  });
});
