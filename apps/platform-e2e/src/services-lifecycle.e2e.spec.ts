import { freePort, ServiceProcess } from '@gridpay/shared/testing';
import { serviceEnv } from './service-env';

const SERVICES = ['gateway', 'billing', 'provider-integration', 'notification', 'reporting'];

describe('the five services', () => {
  const running: ServiceProcess[] = [];
  afterAll(() => Promise.all(running.map((service) => service.kill())));

  it('all report ready against the real Kafka and MongoDB, then stop cleanly on SIGTERM', async () => {
    for (const name of SERVICES) running.push(new ServiceProcess(name, await freePort(), serviceEnv()));

    const answers = await Promise.all(running.map((service) => service.waitForReadiness(200)));
    for (const answer of answers) {
      // Services with an event store also report its outbox.
      expect(answer.body).toMatchObject({
        status: 'ready',
        ready: true,
        checks: { kafka: 'up', mongodb: 'up' },
      });
      const { checks } = answer.body as { checks: Record<string, string> };
      expect(Object.values(checks).every((state) => state === 'up')).toBe(true);
    }
    for (const service of running) {
      expect((await service.get('/health/live')).status).toBe(200);
    }

    const exits = await Promise.all(running.map((service) => service.stop('SIGTERM')));
    expect(exits).toEqual(SERVICES.map(() => ({ code: 0, signal: null })));
    for (const service of running) {
      expect(service.logged(/"msg":"SIGTERM received: shutting down"/)).toBe(true);
      expect(service.logged(/"msg":"stopped"/)).toBe(true);
    }
  });

  it('a missing or malformed variable stops a service with its name', async () => {
    const service = new ServiceProcess(
      'billing',
      await freePort(),
      serviceEnv({ MONGODB_URI: '', KAFKA_BROKERS: 'kafka-without-port' }),
    );
    running.push(service);
    const exit = await service.exited;
    expect(exit.code).toBe(78);
    const stderr = service.stderr.join('');
    expect(stderr).toMatch(/MONGODB_URI: /);
    expect(stderr).toMatch(/KAFKA_BROKERS: .*host:port/);
  });
});
