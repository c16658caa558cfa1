// The package's public specifiers and the source entry point each resolves to when tests run the
// sources (package.json "exports" points at dist/; tests must not read a stale build).

/** Package subpaths -> source entry points, relative to the repository root. */
export const SOURCE_ENTRIES: Readonly<Record<string, string>> = {
  lrkit: 'src/index.ts',
  'lrkit/tfjs': 'src/tfjs/index.ts',
  'lrkit/report': 'src/report/index.ts',
  'lrkit/data': 'src/data/index.ts',
  'lrkit/models': 'src/models/index.ts',
  'lrkit/robust': 'src/robust/index.ts',
  'lrkit/node': 'src/node/index.ts',
};
