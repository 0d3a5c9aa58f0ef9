import type { Options } from "tsup";

const entry = {
  index: "src/index.ts",
  "cleanse/index": "src/cleanse/index.ts",
  "enrich/index": "src/enrich/index.ts",
  "identity/index": "src/identity/index.ts",
  "merge/index": "src/merge/index.ts",
  "versioning/index": "src/versioning/index.ts",
  "fallback/index": "src/fallback/index.ts",
  "testing/index": "src/testing/index.ts",
  "engine/index": "src/engine/index.ts",
  "monitoring/index": "src/monitoring/index.ts",
  "postgres/index": "src/postgres/index.ts",
  "rabbitmq/index": "src/rabbitmq/index.ts",
};

/** Files that are not entry points of the package but are loaded by path: the worker threads of resolveIdentities. */
const workers = {
  "identity/_prepareWorker": "src/identity/_prepareWorker.ts",
};

const shared: Options = {
  target: "node20",
  platform: "node",
  sourcemap: true,
  tsconfig: "tsconfig.build.json",
  // The IANA list of top-level domains is data: inlined, so the package needs no JSON import at run time.
  noExternal: ["tlds"],
};

const config: Options[] = [
  {
    // One file per entry point, shared code in chunks grouped by the entry points that use it: one copy
    // of each module (compiled slots and specs made through one entry point are recognised by every
    // other, their registries being module state), few files for Node to load at a cold start, and a
    // stage's chunks never hold another stage's dependencies (profile-kit/fallback loads no zod, no luxon).
    ...shared,
    entry: { ...entry, ...workers },
    format: ["esm", "cjs"],
    // import.meta.url in the CommonJS build (where a worker thread's file is found from).
    shims: true,
    splitting: true,
    clean: true,
    dts: { entry },
  },
  {
    // The `profile-kit` command: ESM only, its own bundle (a command line needs no second module format),
    // the shebang kept from the source.
    ...shared,
    // The threads of `profile-kit cleanse` and `resolve` load cleanseWorker.js and profilesWorker.js beside the bin.
    entry: { "cli/bin": "src/cli/bin.ts", "cli/cleanseWorker": "src/cli/cleanseWorker.ts", "cli/profilesWorker": "src/cli/profilesWorker.ts" },
    format: ["esm"],
    splitting: false,
    clean: false,
  },
];

export default config;
