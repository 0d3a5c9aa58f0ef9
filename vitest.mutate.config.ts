// The runtime test projects only (unit, property, time-zone), for mutation testing: no type tests, no
// package tests (they test the built tarball, which a mutant does not change), no fuzz suite (it calls
// every export, so it would run for every mutant and kill little the focused tests do not). The static
// regex scan of src/ is skipped (it would read Stryker's instrumented copies; see hostileInput.test.ts).
import { defineConfig, type ViteUserConfig } from "vitest/config";
import base from "./vitest.config.js";

const projects = (base.test?.projects ?? []) as { test?: { name?: string; exclude?: string[] } }[];
const config: ViteUserConfig = defineConfig({
  resolve: base.resolve ?? {},
  test: {
    projects: projects
      .filter((project) => ["unit", "property", "time-zone"].includes(project.test?.name ?? ""))
      .map((project) => ({ ...project, test: { ...project.test, exclude: [...(project.test?.exclude ?? []), "src/fuzz/**", "node_modules/**"], env: { PROFILE_KIT_MUTATING: "1" } } })),
  },
});

export default config;
