import { HealthRegistry } from './health.registry';

describe('HealthRegistry', () => {
  it('is ready when every dependency answers', async () => {
    const registry = new HealthRegistry();
    registry.register('kafka', async () => undefined);
    registry.register('mongodb', async () => undefined);
    await expect(registry.readiness()).resolves.toEqual({
      ready: true,
      checks: { kafka: 'up', mongodb: 'up' },
    });
  });

  it('names the dependency that fails and why', async () => {
    const registry = new HealthRegistry();
    registry.register('kafka', async () => undefined);
    registry.register('mongodb', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:27017');
    });
    const report = await registry.readiness();
    expect(report.ready).toBe(false);
    expect(report.checks.mongodb).toBe('down: connect ECONNREFUSED 127.0.0.1:27017');
  });

  it('treats a dependency that hangs as down', async () => {
    const registry = new HealthRegistry();
    registry.register('kafka', () => new Promise(() => undefined));
    const report = await registry.readiness(50);
    expect(report).toEqual({ ready: false, checks: { kafka: 'down: kafka did not answer within 50 ms' } });
  });
});
