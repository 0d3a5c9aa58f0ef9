// @ts-check
// Mutation testing: `npm run mutate -- src/merge/mergeRecords.ts[,more files]`. Not part of npm test or
// CI (a module takes minutes, all of src/ hours): run it on the modules a change touches. Results and the
// incremental file stay in .tmp/ (not in git). Equivalent mutants are marked in the source with
// `// Stryker disable next-line <mutator>: <reason>`, never by lowering a target.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  concurrency: 2,
  incremental: true,
  incrementalFile: ".tmp/stryker/incremental.json",
  tempDirName: ".tmp/stryker-tmp",
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: ".tmp/stryker/mutation.json" },
  thresholds: { high: 80, low: 70, break: null },
  ignorePatterns: ["dist", "coverage", ".tmp", "*.tgz", "bench", "scripts"],
};
export default config;
