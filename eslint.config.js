import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', clearTimeout: 'readonly', URL: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Domain code must not know HTTP, SQL drivers or Redis (design.md §2).
      'no-restricted-imports': 'off',
    },
  },
  {
    // HTTP is a thin adapter: it gets domain services, never a store (design.md §2).
    files: ['src/http/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/storage/**', 'better-sqlite3', 'pg', 'ioredis', 'kysely'], message: 'http/ sees domain services only (HttpServices); reach storage through a domain service.' }] },
      ],
    },
  },
  {
    // Configuration is validated once (design.md §3.5): nothing else reads the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config/load.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings from Config; only src/config/load.ts reads process.env.' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['fastify', 'fastify/*', '@fastify/*', 'better-sqlite3', 'pg', 'ioredis', 'kysely', '**/storage/**', '**/http/**'], message: 'domain/ knows nothing of HTTP or SQL: declare a store interface instead.' }] },
      ],
    },
  },
  {
    // One gate for every text and mail (design.md §2, domain/code-delivery): nothing else queues one.
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/code-delivery/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='texts']", message: 'Texts are queued only through domain/code-delivery (CodeDelivery.begin()), so every text passes the same gate.' },
        { selector: "MemberExpression[property.name='mails']", message: 'Mails are queued only through domain/code-delivery (CodeDelivery.begin()), so every mail passes the same gate.' },
      ],
    },
  },
  {
    // config/ sits under everything that reads it: what it needs (the client-registration
    // schema, the text-template type) is defined here and imported by oidc/ and sms/.
    files: ['src/config/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!lib/)', message: 'config/ depends on nothing above it (only lib/): define what it needs in config/ and import that from above.' }] }],
    },
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!./*'], message: 'lib/ imports nothing else from src/.' }] }],
    },
  },
);
