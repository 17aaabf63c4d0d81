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

/**
 * The model core's modules that hold no tensor code (the settings table and its presets, the
 * run and weights files, the URL state, and the maths the page computes itself). The page may
 * import their values; every other core module is tensor code and reaches the page as types only.
 * These modules in turn may import no tensor module (the rule on them below), so the page never
 * pulls tfjs in, which the dependency check (.dependency-cruiser.cjs) also verifies transitively.
 */
const PAGE_SAFE_CORE = ['config', 'presets', 'urlState', 'runFile', 'runDataset', 'weightsFile', 'latent', 'elboNoise', 'estimatorLab', 'gradEstimators', 'labels', 'zodJitless'];

/** Value imports of core/ outside PAGE_SAFE_CORE; `from` is the path prefix of core/ as imported. */
const tensorCore = (from, message) => ({
  group: [`${from}*`, ...PAGE_SAFE_CORE.map((name) => `!${from}${name}`)],
  allowTypeImports: true,
  message,
});

/** Each layer's rules, composed per folder (flat config replaces a rule's options, never merges). */
const CORE_IS_NOT_DATA = {
  group: ['**/data/**', '!**/data/*.json'],
  message: 'core/ never imports data/ (nor data/ core/): what both need lives in shared/.',
};
const DATA_IS_NOT_CORE = {
  group: ['**/core/**'],
  message: 'data/ never imports core/ (nor core/ data/): what both need lives in shared/.',
};
const PAGE_NO_TFJS = { group: ['@tensorflow/*'], message: 'The page never imports tfjs: the worker owns every tensor.' };
const PAGE_NO_WORKER = { group: ['**/worker/**'], message: 'Components talk to the worker through client/ actions only.' };
const PAGE_NO_TENSOR_CORE = tensorCore('**/core/', 'The page imports core/ tensor modules as types only (values: see PAGE_SAFE_CORE in eslint.config.js).');
const STORE_NO_CLIENT = { group: ['**/client/**'], message: 'The store holds state; client/ reads and writes it, never the other way round.' };

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
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...PURE_FORBIDDEN.patterns, CORE_IS_NOT_DATA] }] },
  },
  {
    files: PAGE_SAFE_CORE.map((name) => `src/core/${name}.ts`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE_FORBIDDEN.patterns,
            CORE_IS_NOT_DATA,
            { group: ['@tensorflow/*', '#tf-gradients'], message: 'The page imports this module: no tensor code in it.' },
            tensorCore('./', 'The page imports this module: it may import only tensor-free core modules (PAGE_SAFE_CORE), others as types.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...PURE_FORBIDDEN.patterns, DATA_IS_NOT_CORE] }] },
  },
  {
    // Leaf modules both core/ and data/ use: they import nothing of the app.
    files: ['src/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['../*', '@tensorflow/*'], message: 'shared/ is a leaf: it imports nothing of the app and no tfjs.' }] }],
    },
  },
  {
    // The message protocol describes messages: it may import types, never code.
    files: ['src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '.*', allowTypeImports: true, message: 'protocol/ imports types only (`import type`).' }] },
      ],
    },
  },
  {
    files: ['src/worker/**/*.ts', 'src/bench/**/*.ts', 'src/test/**/*.ts', 'src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TFJS_UMBRELLA] }] },
  },
  {
    files: ['src/components/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [PAGE_NO_TFJS, PAGE_NO_WORKER, PAGE_NO_TENSOR_CORE] }] },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [PAGE_NO_TFJS, PAGE_NO_WORKER, PAGE_NO_TENSOR_CORE, STORE_NO_CLIENT] }] },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'src/test/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,ts}', '.*.cjs', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Functions in this file run inside the page (page.evaluate / addInitScript).
    files: ['scripts/ui-contract.mjs', 'scripts/bench-page.mjs', 'scripts/bench*.mjs', 'scripts/screenshots.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
