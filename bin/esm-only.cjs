// `require('lrkit')` lands here: lrkit is an ES module (like its peer @tensorflow/tfjs's ESM
// build), so say how to load it instead of Node's bare ERR_PACKAGE_PATH_NOT_EXPORTED.
'use strict';
throw new Error(
  "lrkit is an ES module and cannot be require()d: use `import { findLearningRate } from 'lrkit/tfjs'` " +
    "(in a .mjs file, or with \"type\": \"module\" in package.json), or `const lrkit = await import('lrkit')` from CommonJS.",
);
