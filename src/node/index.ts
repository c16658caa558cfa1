// lrkit/node: the Node-only pieces (files: curve logs, outputs, data sets, models; fonts on disk). Kept out of 'lrkit' and the other
// browser-safe entries so they bundle for browsers without node: built-ins.
export { writeFileAtomic, prepareOutputDir, OutputExistsError } from './files.js';
export { isEventFileName, readTensorBoardLog } from './tensorboard-files.js';
export { readCurveCsvFile } from './csv-file.js';
export { readCurveLogFile } from './curve-log-file.js';
export { checkFontFiles, DEFAULT_FONT_FILES } from './fonts.js';
export { claimOutputDir, OutputDirBusyError, removeStaleTempFiles, readOutputManifest, recordOutputs, LOCK_FILE, OUTPUT_MANIFEST, type DirClaim } from './claim.js';
export { loadMnist, mnistDataDir } from './mnist.js';
export { loadFashionMnist, fashionMnistDir } from './fashion-mnist.js';
export { loadTabular } from './tabular-file.js';
export { loadSplits, type LoadSplitsOptions } from './splits.js';
export { fileSystem, registerFileRouter, loadLayersModelFromFile } from './model-files.js';
export { errorFromWorker, startModuleWorker } from './workers.js';
