// Curve files (CSV / JSON). No plotting and no Node built-ins here: 'lrkit' must bundle for browsers.
// The file-reading and -writing helpers (readCurveLogFile, writeFileAtomic, ...) are in 'lrkit/node'.
export { assertCurve, type CurveLike, type CurveData } from './curve.js';
export { curveToCsv, parseCurveCsv, type ParseCurveCsvOptions, type ParsedCurve, type LogWarning } from './csv.js';
export { curveJsonSchema, parseCurveJson, curveToJson, type CurveJson } from './json.js';
export { curveFromScalars, encodeTensorBoardEvents, parseTensorBoardEvents, type ScalarPoint, type TensorBoardScalars, type TensorBoardCut } from './tensorboard.js';
export { curveLogKind, parseCurveLog, type CurveLog, type CurveLogOptions } from './logs.js';
export { LOG_SOURCES, type LogSource } from './log-source.js';
export { smoothLosses, unsmoothLosses, TOOL_SMOOTHING, type Smoothing } from './smoothing.js';
export { jsonParts, jsonText } from './json-text.js';
