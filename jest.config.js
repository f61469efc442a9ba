// Two Jest projects: `unit` (pure, seconds) and `integration` (real Kafka, MongoDB-wire server and
// Zipkin started by deploy/local/infra.sh or given by KAFKA_BROKERS / MONGODB_URI). Nest 12 is ESM;
// Jest loads it through require(esm), which needs Node >= 24.9 and --experimental-vm-modules
// (the npm scripts and Nx targets set it in NODE_OPTIONS).
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
};

module.exports = {
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,deploy,tools}/**/*.spec.ts'],
      testPathIgnorePatterns: [
        ...common.testPathIgnorePatterns,
        '\\.int\\.spec\\.ts$',
        '\\.e2e\\.spec\\.ts$',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,deploy,tools}/**/*.{int,e2e}.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/integration-setup.ts'],
    },
  ],
};
