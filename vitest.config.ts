import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig, type ViteUserConfig } from "vitest/config";

// "profile-kit" and its subpaths resolve to the sources (the package tests use the built tarball).
const alias = [
  { find: /^profile-kit\/(cleanse|enrich|identity|merge|versioning|fallback|testing|engine|monitoring|postgres|rabbitmq)$/, replacement: fileURLToPath(new URL("./src/$1/index.ts", import.meta.url)) },
  { find: /^profile-kit$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
];

const config: ViteUserConfig = defineConfig({
  resolve: { alias },
  test: {
    // Under CI a JSON report is written too, so .ci/run can print a plain "N passed, N failed" line.
    reporters: process.env["CI"] === "true" ? ["default", "json"] : ["default"],
    // Says once, at the end, which suites were skipped and why (a missing data set or server).
    globalSetup: ["./test/support/globalSetup.ts"],
    outputFile: { json: ".tmp/vitest-results.json" },
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "examples/**/*.test.ts"],
          // The v8 project's tests need node's test intrinsics (below).
          exclude: [...configDefaults.exclude, "src/**/*.v8.test.ts"],
          // Several tests take seconds (an engine ingesting hundreds of records three ways); on a busy
          // machine vitest's 5-second default turns slowness into failure, which is no test of behaviour.
          testTimeout: 60_000,
          env: { TZ: "UTC", EXPECTED_TZ_OFFSET_MINUTES: "0" },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "property",
          include: ["src/**/*.test-prop.ts"],
          testTimeout: 60_000,
          env: { TZ: "UTC", EXPECTED_TZ_OFFSET_MINUTES: "0" },
        },
      },
      {
        // Time-dependent modules again in a half-hour offset zone: their answers must not depend on the
        // process zone. zone.test.ts checks that the zone really took effect.
        resolve: { alias },
        test: {
          name: "time-zone",
          include: ["src/versioning/**/*.test.ts", "src/versioning/**/*.test-prop.ts", "src/fallback/**/*.test.ts", "src/fallback/**/*.test-prop.ts", "src/shared/zone.test.ts"],
          exclude: [...configDefaults.exclude, "src/**/*.v8.test.ts"],
          testTimeout: 60_000,
          env: { TZ: "Asia/Kolkata", EXPECTED_TZ_OFFSET_MINUTES: "-330" },
        },
      },
      {
        // Where V8 allocates what the engine makes (shared/_young.ts): node's test intrinsics are needed to see it.
        resolve: { alias },
        test: {
          name: "v8",
          include: ["src/**/*.v8.test.ts"],
          execArgv: ["--allow-natives-syntax"],
          testTimeout: 120_000,
          env: { TZ: "UTC", EXPECTED_TZ_OFFSET_MINUTES: "0" },
        },
      },
      {
        test: {
          name: "package",
          include: ["test/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

export default config;
