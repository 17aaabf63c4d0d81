/**
 * The dependency rules of src/ that need the whole import graph (eslint.config.js holds the
 * per-file import rules). Run by `npm run lint:deps`, part of `npm test`.
 *
 * TypeScript is compiled before the imports are read (tsPreCompilationDeps: false), so an
 * `import type` is not an edge: two modules may describe each other's types, never call each
 * other in a circle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'No import cycle in src/ (type-only imports aside): every folder sits on the ones below it.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'page-never-reaches-tfjs',
      severity: 'error',
      comment:
        'Nothing the page runs (components, app, store, client) reaches tfjs through any chain of imports: the workers own every tensor.',
      from: { path: '^src/(components|app|store|client)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '(^|/)node_modules/@tensorflow/|^src/core/tf\\.ts$', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.m?ts$' },
    tsPreCompilationDeps: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
    },
  },
};
