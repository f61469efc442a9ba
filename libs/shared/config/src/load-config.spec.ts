import { ConfigError, loadConfig, PlatformConfig } from './index';

const valid = {
  PORT: '3001',
  KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9092',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/?directConnection=true',
  MONGODB_DB: 'gridpay-billing',
};

describe('loadConfig', () => {
  it('parses a complete environment into typed values', () => {
    const config = loadConfig(PlatformConfig, valid);
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', 'kafka-2:9092']);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names a missing variable', () => {
    const { MONGODB_URI: _, ...withoutUri } = valid;
    expect(() => loadConfig(PlatformConfig, withoutUri)).toThrow(/MONGODB_URI: .*not set/);
  });

  it('names every malformed variable at once', () => {
    try {
      loadConfig(PlatformConfig, { ...valid, PORT: 'eighty', KAFKA_BROKERS: 'no-port-here' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/^KAFKA_BROKERS: .*host:port/m);
    }
  });

  it('rejects an unknown log level', () => {
    expect(() => loadConfig(PlatformConfig, { ...valid, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
