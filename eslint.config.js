import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The umbrella package would bring tfjs-layers, the converter, tfjs-data and two backends into
 * every bundle that imports the model core (the drawing worker runs on wasm alone).
 */
const TFJS_UMBRELLA = {
  group: ['@tensorflow/tfjs', '@tensorflow/tfjs/*'],
  message: "Import tfjs through src/core/tf.ts (tfjs-core with its gradients); entry points register their backends.",
};

/** Packages core/ and data/ must never import: they run unchanged in the worker and in Node. */
const PURE_FORBIDDEN = {
  patterns: [
    TFJS_UMBRELLA,
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'core/ and data/ are pure: no React.' },
    { group: ['zustand', 'zustand/*'], message: 'core/ and data/ are pure: no store.' },
    { group: ['recharts'], message: 'core/ and data/ are pure: no charts.' },
    {
      group: ['@tensorflow/tfjs-backend-*'],
      message: 'Backends are imported by the worker entry only (tfjs#8066: they crash in Node).',
    },
    { group: ['**/components/**', '**/store/**', '**/worker/**', '**/client/**', '**/app/**'], message: 'core/ and data/ depend on nothing above them.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'bench-results/', 'e2e/artifacts/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='dataSync'][arguments.length=0]:not(:has(Identifier[name='expect']))", message: 'Use the async data() outside tests.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/data/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', PURE_FORBIDDEN] },
  },
  {
    files: ['src/worker/**/*.ts', 'src/bench/**/*.ts', 'src/test/**/*.ts', 'src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TFJS_UMBRELLA] }] },
  },
  {
    files: ['src/components/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}', 'src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'The page never imports tfjs: the worker owns every tensor.' },
            { group: ['**/worker/*'], message: 'Components talk to the worker through client/ actions only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'src/test/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,ts}', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Functions in this file run inside the page (page.evaluate / addInitScript).
    files: ['scripts/ui-contract.mjs', 'scripts/bench-page.mjs', 'scripts/bench.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
