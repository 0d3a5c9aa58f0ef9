// Packs the package exactly as `npm publish` would, then checks the tarball with publint (package.json
// and exports) and are-the-types-wrong (types resolve for ESM and CJS consumers under node16+ resolution).
// Run after `npm run build`. Exits non-zero on any problem.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const out = join(process.cwd(), ".tmp", "pack");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const [packed] = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], { encoding: "utf8" }),
);
const tarball = join(out, packed.filename);
console.log(`packed ${packed.filename}: ${packed.entryCount} files, ${packed.size} bytes`);

const run = (command, args) => execFileSync("npx", ["--no-install", command, ...args], { stdio: "inherit" });
// publint: errors and warnings both fail the check (suggestions are printed).
run("publint", ["run", tarball, "--strict"]);
// Node 20+ only (engines), so the node10 resolution of the "strict" profile does not apply.
run("attw", [tarball, "--profile", "node16"]);
rmSync(out, { recursive: true, force: true });
