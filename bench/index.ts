// npm run bench [-- <filter>]: runs every case whose name contains <filter>, each size in a fresh child
// process, and prints a table (operation, size, time, throughput, peak memory, accuracy where it applies).
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { cases } from "./cases.js";

const filter = process.argv[2] ?? "";
const child = fileURLToPath(new URL("./child.ts", import.meta.url));
const rows: string[][] = [["operation", "size", "time", "throughput", "peak memory", "accuracy / notes"]];

console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
for (const bench of cases) {
  if (!bench.name.includes(filter)) continue;
  for (const size of bench.sizes) {
    const output = execFileSync(process.execPath, ["--import", "tsx", "--expose-gc", "--max-old-space-size=8192", child, bench.name, String(size)], {
      encoding: "utf8",
      // Without the type-checking paths, "profile-kit" resolves to the built package.
      env: { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL("../tsconfig.build.json", import.meta.url)) },
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 1024 * 1024,
    });
    const last = output.trim().split("\n").at(-1) ?? "{}";
    const r = JSON.parse(last) as { items: number; unit: string; seconds: number; peakMiB: number; accuracy?: string; note?: string };
    const row = [
      bench.name,
      size.toLocaleString("en-US"),
      `${r.seconds.toFixed(2)} s`,
      `${Math.round(r.items / r.seconds).toLocaleString("en-US")} ${r.unit}/s`,
      `${r.peakMiB.toFixed(0)} MiB`,
      [r.accuracy, r.note].filter(Boolean).join("; "),
    ];
    rows.push(row);
    console.log(row.join(" | "));
  }
}

const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
console.log();
console.log(line(rows[0] ?? []));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows.slice(1)) console.log(line(row));
