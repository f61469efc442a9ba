import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const services = ['gateway', 'billing', 'provider-integration', 'notification', 'reporting'];
const infrastructure = ['@nestjs/*', 'kafkajs', 'mongoose', 'mongodb', '@opentelemetry/*', 'express'];

/** Tests of any lib may also use the shared testing helpers. */
function boundaries({ inTests }) {
  const testing = inTests ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    depConstraints: [
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:contracts'] },
      { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:shared'] },
      ...services.map((service) => ({
        sourceTag: `scope:${service}`,
        onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared', 'scope:contracts'],
      })),
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:contracts', ...testing],
        bannedExternalImports: infrastructure,
      },
      {
        sourceTag: 'type:util',
        onlyDependOnLibsWithTags: ['type:util', ...testing],
        bannedExternalImports: infrastructure,
      },
      {
        sourceTag: 'type:platform',
        onlyDependOnLibsWithTags: ['type:platform', 'type:util', 'type:contracts', ...testing],
      },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['*'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
      { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['*'] },
      { sourceTag: 'type:demo', onlyDependOnLibsWithTags: ['*'] },
      // The partner sandbox plays outside parties: it may speak the public protocols (shared libs,
      // contracts) but never reach into a service's code.
      { sourceTag: 'type:sandbox', onlyDependOnLibsWithTags: ['scope:shared', 'scope:contracts'] },
      {
        sourceTag: 'type:feature',
        onlyDependOnLibsWithTags: [
          'type:feature',
          'type:domain',
          'type:util',
          'type:platform',
          'type:contracts',
          ...testing,
        ],
      },
    ],
  };
}

export default [
  { ignores: ['**/dist', '**/.cache', '**/node_modules', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Service boundaries (../shared/style.md): a service imports only its own scope, shared libs and
      // published contracts; domain code stays free of frameworks and infrastructure.
      '@nx/enforce-module-boundaries': ['error', boundaries({ inTests: false })],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.harness.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries({ inTests: true })],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
];
