// Curve files (CSV / JSON) and safe output writing. No plotting dependencies here: keep 'lrkit' light.
export { assertCurve, type CurveLike, type CurveData } from './curve.js';
export { curveToCsv, parseCurveCsv, type ParseCurveCsvOptions, type ParsedCurve } from './csv.js';
export { curveJsonSchema, parseCurveJson, curveToJson, type CurveJson } from './json.js';
export { writeFileAtomic, prepareOutputDir, OutputExistsError } from './files.js';
