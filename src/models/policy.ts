// The training policies live in the core (lrkit: schedules/training-policy.ts), so commands that
// only build schedules need no TensorFlow.js; lrkit/models keeps exporting them.
export { POLICY_NAMES, policySchedules, type PolicyName, type PolicyOptions, type PolicySchedules } from '../schedules/training-policy.js';
