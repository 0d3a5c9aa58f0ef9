// The type tests (src/**/*.test-d.ts: expectTypeOf assertions and @ts-expect-error lines) compiled with the
// project's strict settings. A failed type assertion is a compile error, so no diagnostic means every
// assertion holds. (vitest's own typecheck mode does the same but prints an "experimental" banner on
// every run.)
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function typeTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeTests(path);
    return entry.name.endsWith(".test-d.ts") ? [path] : [];
  });
}

describe("type tests", () => {
  it("compile without a diagnostic under the project's strict settings", () => {
    const files = typeTests(join(root, "src"));
    expect(files.length).toBeGreaterThan(0);
    const configFile = ts.readConfigFile(join(root, "tsconfig.json"), (path) => ts.sys.readFile(path));
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, dirname(join(root, "tsconfig.json")));
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n") + (d.file === undefined ? "" : ` (${d.file.fileName})`));
    expect(diagnostics).toEqual([]);
  }, 120_000);
});
