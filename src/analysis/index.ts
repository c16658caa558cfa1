// The one analysis of a range-test curve: every surface renders what analyzeCurve returns.
export { analyzeCurve, headline, valueAt } from './analyze.js';
export type { Analysis, AnalysisContext, AnalysisCurve, AnalysisInput, AnalysisMarker, FastaiRules } from './analyze.js';
export { describeLength, recommendedSchedules } from './schedules.js';
export type { RecommendedSchedule, RecommendedSchedules, ScheduleLength } from './schedules.js';
export { fmtRate } from './format.js';
export { LR_FREE_SUITE, lrFreeLine } from './lr-free.js';
