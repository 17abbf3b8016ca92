/**
 * The portfolio analysis engine's version (TaskDefinition.engineVersion of every analysis.* task,
 * provenance): bump it whenever an analysis' results change for the same input — the engine-version
 * guard (src/tasks/engine-versions.test.ts) fails until you do.
 */
export const ANALYSIS_ENGINE_VERSION = 1;
