// lrkit/node: the Node-only pieces (file system). Kept out of 'lrkit' so the core bundles for
// browsers without node: built-ins.
export { writeFileAtomic, prepareOutputDir, OutputExistsError } from '../io/files.js';
export { isEventFileName, readTensorBoardLog } from '../io/tensorboard-files.js';
export { claimOutputDir, OutputDirBusyError, removeStaleTempFiles, readOutputManifest, recordOutputs, LOCK_FILE, OUTPUT_MANIFEST } from './claim.js';
