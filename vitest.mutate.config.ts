// The runtime test projects only (unit, property, time-zone), for mutation testing: no type tests, no
// package tests (they test the built tarball, which a mutant does not change), no fuzz suite (it calls
// every export, so it would run for every mutant and kill little the focused tests do not; the hostile
// values' own tests beside it do run). The static regex scan of src/ is skipped (it would read Stryker's
// instrumented copies; see hostileInput.test.ts).
//
// MUTATE_TESTS narrows the tests to the files a module is tested by (comma-separated paths; `*` allowed in
// the file name): a module's "static" mutants (its constants, tables and regexes, run when it is imported)
// cannot be traced to tests, so Stryker runs every related test file for each of them — with a module that
// half the suite imports, three minutes a mutant. Fewer tests can only kill fewer mutants, so a score
// measured this way is a lower bound of the score with every test.
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { defineConfig, type ViteUserConfig } from "vitest/config";
import base from "./vitest.config.js";

/** `**` and `*` globs (as the projects' include lists use them) as a regular expression. */
function globRegExp(glob: string): RegExp {
  const part = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
  return new RegExp(`^${glob.split("**/").map(part).join("(?:[^/]*/)*")}$`);
}

/** The test files MUTATE_TESTS names, with `*` in file names expanded; null when it is not set. */
function chosenTests(): string[] | null {
  const listed = process.env["MUTATE_TESTS"];
  if (listed === undefined || listed.trim() === "") return null;
  const files = listed.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "").flatMap((entry) => {
    if (!basename(entry).includes("*")) return [entry];
    const pattern = globRegExp(basename(entry));
    return readdirSync(dirname(entry)).filter((name) => pattern.test(name)).map((name) => join(dirname(entry), name));
  });
  if (files.length === 0) throw new Error(`MUTATE_TESTS names no test file: ${listed}`);
  return files;
}

const chosen = chosenTests();
const projects = (base.test?.projects ?? []) as { test?: { name?: string; include?: string[]; exclude?: string[]; env?: Record<string, string>; testTimeout?: number } }[];
const config: ViteUserConfig = defineConfig({
  resolve: base.resolve ?? {},
  test: {
    projects: projects
      .filter((project) => ["unit", "property", "time-zone"].includes(project.test?.name ?? ""))
      .map((project) => {
        const include = project.test?.include ?? [];
        const narrowed = chosen === null ? include : chosen.filter((file) => include.some((glob) => globRegExp(glob).test(file)));
        // Instrumented code runs several times slower (a test that takes 2 s took over 5 s): a minute's bound.
        // The project's own environment (its time zone) is kept, with the flag added.
        return {
          ...project,
          test: {
            ...project.test,
            include: narrowed,
            passWithNoTests: true,
            exclude: [...(project.test?.exclude ?? []), "src/fuzz/exports.test-prop.ts", "node_modules/**"],
            env: { ...project.test?.env, PROFILE_KIT_MUTATING: "1" },
            testTimeout: Math.max(project.test?.testTimeout ?? 0, 60_000),
          },
        };
      }),
  },
});

export default config;
