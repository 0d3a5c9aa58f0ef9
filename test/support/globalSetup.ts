// Runs once around the whole test run: clears the list of skips, and at the end prints it once.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { SKIPS_FILE } from "./skips.js";

export function setup(): void {
  rmSync(SKIPS_FILE, { force: true });
}

export function teardown(): void {
  if (!existsSync(SKIPS_FILE)) return;
  const seen = new Map<string, string>();
  for (const line of readFileSync(SKIPS_FILE, "utf8").split("\n")) {
    if (line === "") continue;
    const { what, why } = JSON.parse(line) as { what: string; why: string };
    seen.set(what, why);
  }
  if (seen.size === 0) return;
  console.log(`\nSkipped ${seen.size} suite${seen.size === 1 ? "" : "s"} (everything else ran):`);
  for (const [what, why] of seen) console.log(`  - ${what}: ${why}`);
}
