// Lint: the recommended rules, plus the fences that keep the architecture honest (each tested
// by test/architecture/fences.test.ts, which lints a forbidden import in every layer):
//   src/core      pure: no Node module, no side-effect package, no adapter/app/ui/command path,
//                 no clock, timer, randomness or crypto global
//   src/ui        views: never an adapter (services come through src/app)
//   src/commands  never the UI except its entry (src/ui/entry.ts), loaded lazily
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages with side effects (UI, processes, network, config, databases): never in core. */
const SIDE_EFFECT_PACKAGES = ['ink', 'ink-*', 'react', 'react/*', 'execa', 'ky', 'conf', 'env-paths', 'undici', 'pg', 'pg-*', 'commander', '@lydell/node-pty'];

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];

const coreImports = [
  { group: nodeModules, message: 'src/core is pure: no Node module (files, processes, network, clock). Put side effects in src/adapters.' },
  { group: SIDE_EFFECT_PACKAGES, message: 'src/core is pure: no UI, process, network, config or database package. Put side effects in src/adapters.' },
  {
    group: ['**/adapters/*', '**/adapters/**', '**/app/*', '**/app/**', '**/ui/*', '**/ui/**', '**/commands/*', '**/commands/**', '**/cli.ts'],
    message: 'src/core imports only src/core (and src/errors.ts): the other layers depend on it, never the reverse.',
  },
];

/** A dynamic import() is an import too: no-restricted-imports does not see it. */
const dynamicImport = (pattern, message) => ({ selector: `ImportExpression[source.value=/${pattern}/]`, message });

export default tseslint.config(
  { ignores: ['dist/', 'dist-build-*/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        queueMicrotask: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/core/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: coreImports }],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask'].map((name) => ({
          name,
          message: 'src/core is pure: no timers. The session schedules; core takes `now`.',
        })),
        ...['fetch', 'crypto', 'performance', 'process', 'Buffer'].map((name) => ({ name, message: `src/core is pure: no ${name}.` })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'src/core takes an injected `now`.' },
        { object: 'Math', property: 'random', message: 'src/core is deterministic: take randomness as an argument.' },
        { object: 'performance', property: 'now', message: 'src/core takes an injected `now`.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the clock: src/core takes an injected `now`.' },
        dynamicImport('^(node:|\\.\\.?\\/.*\\/(adapters|app|ui|commands)\\/)', 'src/core imports only src/core.'),
      ],
    },
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/adapters/*', '**/adapters/**'], message: 'src/ui shows and listens: services come through src/app, never an adapter directly.' }] },
      ],
      'no-restricted-syntax': ['error', dynamicImport('\\/adapters\\/', 'src/ui never imports an adapter.')],
    },
  },
  {
    files: ['src/commands/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/ui/*', '**/ui/**', '!**/ui/entry.ts'], message: 'Commands reach the UI only through src/ui/entry.ts (loaded lazily).' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', dynamicImport('\\/ui\\/(?!entry\\.ts$)', 'Commands reach the UI only through src/ui/entry.ts.')],
    },
  },
);
