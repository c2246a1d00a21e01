// Lint rules that keep the architecture honest: imports flow app -> features -> state ->
// services -> core, features never import each other, and there are no import cycles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const FEATURES = [
  'database',
  'editor',
  'results',
  'model',
  'pipeline',
  'history',
  'diagram',
  'theme',
  'shortcuts',
  'network',
  'data-lab',
  'evaluation',
  'knowledge',
];

/** Each feature may import only itself among the features. */
const featureIsolation = FEATURES.map((name) => ({
  target: `./src/features/${name}`,
  from: './src/features',
  except: [`./${name}`],
  message: 'Features do not import each other; move shared widgets to src/ui.',
}));

/** Imports flow app -> features -> state -> services -> core; cli -> services -> core. */
const architectureZones = [
  {
    target: './src/core',
    from: ['./src/services', './src/state', './src/features', './src/ui', './src/app'],
    message: 'core is plain TypeScript: it imports nothing above it.',
  },
  {
    target: './src/services',
    from: ['./src/state', './src/features', './src/ui', './src/app'],
    message: 'services sit below state and UI.',
  },
  {
    target: './src/state',
    from: ['./src/features', './src/ui', './src/app'],
    message: 'the store never imports UI.',
  },
  {
    target: './src/ui',
    from: ['./src/features', './src/app', './src/state'],
    message: 'ui is presentational: props in, events out.',
  },
  {
    target: './src/cli',
    from: ['./src/state', './src/features', './src/ui', './src/app'],
    message: 'command-line tools call services and core, never the UI.',
  },
  {
    target: './src/features',
    from: './src/app',
    message: 'app composes features, not the other way round.',
  },
  ...featureIsolation,
];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/resolver': { typescript: true, node: true },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: architectureZones,
        },
      ],
    },
  },
  {
    // No canned model in the product: the scripted model, fake engines and the mock server live
    // in src/test-support and e2e/, which only tests (and benches) may import. (The rule's
    // options replace the ones above for these files, so the architecture's zones come along.)
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'src/test-support/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...architectureZones,
            {
              target: ['./src/core/budget', './src/core/knowledge'],
              from: './src/core/pipeline',
              message:
                'The pipeline fits its calls with the budget, never the other way round: shared shapes live in core/schema, core/sql or core/thread.',
            },
            {
              target: './src',
              from: ['./src/test-support', './e2e'],
              message:
                'Only tests import test support: nothing canned may reach the app or the CLIs.',
            },
          ],
        },
      ],
    },
  },
  {
    // One copy of web-llm: only its worker loads the library (about 6 MB); the page reaches it
    // through the worker protocol (webllm-protocol.ts). Type imports cost nothing and are fine.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/services/llm/webllm.worker.ts', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@mlc-ai/web-llm',
              message:
                'Only src/services/llm/webllm.worker.ts imports web-llm; use webllm-worker-client.ts.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportExpression[source.value='@mlc-ai/web-llm']",
          message:
            'Only src/services/llm/webllm.worker.ts imports web-llm; use webllm-worker-client.ts.',
        },
      ],
    },
  },
  {
    // Every spec fails on a Content Security Policy violation: that guard lives in the shared
    // \`test\` of e2e/support/test.ts, so specs take \`test\` from there.
    files: ['e2e/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message: "Import test from './support/test' (it fails a test on any CSP violation).",
            },
          ],
        },
      ],
    },
  },
);
