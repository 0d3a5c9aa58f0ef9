// The monitoring example against a real Prometheus: the example process exposes its metrics, Prometheus
// (Debian's `prometheus`, installed by .ci/run) scrapes it every second while records flow, and every
// PromQL expression of dashboard.json must return data through Prometheus's HTTP API. Needs RabbitMQ too
// (the queue panels). Skipped and reported without them; a failure under CI=true.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { available } from "../../test/support/skips.js";
import { rabbitProblem } from "../../test/support/servers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PROMETHEUS = process.env["PROMETHEUS_BIN"] ?? "prometheus";
const prometheusPresent = spawnSync(PROMETHEUS, ["--version"], { encoding: "utf8" }).status === 0;
const problem = [prometheusPresent ? "" : `no ${PROMETHEUS} binary (apt-get install -y prometheus)`, await rabbitProblem()].filter(Boolean).join("; ");
const present = available(problem === "", "monitoring example against Prometheus (examples/monitoring)", problem, true);

interface Panel {
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
  readonly panels?: readonly Panel[];
}
const dashboard = JSON.parse(readFileSync(join(import.meta.dirname, "dashboard.json"), "utf8")) as { readonly panels: readonly Panel[] };
const expressions = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => { done(typeof address === "object" && address !== null ? address.port : 0); });
    });
  });
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.on("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: readonly string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  children.push(child);
  return { child, output: () => output };
}

interface QueryAnswer {
  readonly status: string;
  readonly error?: string;
  readonly data?: { readonly resultType: string; readonly result: readonly { readonly metric: Record<string, string>; readonly value: readonly [number, string] }[] };
}

describe.skipIf(!present)("examples/monitoring: the Grafana dashboard's queries against a real Prometheus", () => {
  it("the dashboard has an expression for every area the issue names", () => {
    const text = expressions.map((e) => e.expr).join("\n");
    for (const metric of ["ingest_records_total", "ingest_duration_bucket", "store_failures_total", "queue_messages_total", "source_freshness", "validation_issues_total", "personalization_slots_total", "checks_total"]) expect(text).toContain(`profile_kit_${metric}`);
    expect(expressions.length).toBeGreaterThanOrEqual(20);
  });

  it("every PromQL expression in dashboard.json returns data while records flow", async () => {
    const metricsPort = await freePort();
    const prometheusPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "pk-prometheus-"));
    dirs.push(dir);
    writeFileSync(join(dir, "prometheus.yml"), [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: profile-kit",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${metricsPort}"]`,
      "",
    ].join("\n"));
    const example = run(process.execPath, ["--import", "tsx", join(ROOT, "examples", "monitoring", "metrics-server.ts")], { METRICS_PORT: String(metricsPort), TICK_MS: "150", DURATION_S: "600" });
    const prometheus = run(PROMETHEUS, [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${prometheusPort}`, "--log.level=warn"]);

    const query = async (expr: string): Promise<QueryAnswer> => {
      const response = await fetch(`http://127.0.0.1:${prometheusPort}/api/v1/query?query=${encodeURIComponent(expr)}`);
      return (await response.json()) as QueryAnswer;
    };
    const hasData = (answer: QueryAnswer): boolean => answer.status === "success" && (answer.data?.result ?? []).some((series) => Number.isFinite(Number(series.value[1])));

    // Until every expression answers (or 150 s): scrapes every second, a refresh every 20 ticks.
    let missing = expressions;
    const deadline = Date.now() + 150_000;
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 2_000));
      expect(example.child.exitCode, `the example exited early:\n${example.output()}`).toBeNull();
      expect(prometheus.child.exitCode, `prometheus exited:\n${prometheus.output()}`).toBeNull();
      const answers = await Promise.all(missing.map(async (e) => ({ e, answer: await query(e.expr).catch(() => null) })));
      for (const { answer } of answers) if (answer !== null) expect(answer.status, answer.error).toBe("success");
      missing = answers.filter(({ answer }) => answer === null || !hasData(answer)).map(({ e }) => e);
    }
    expect(missing.map((e) => `${e.panel}: ${e.expr}`), `example output:\n${example.output().slice(-3000)}`).toEqual([]);

    // Prometheus scraped the example itself (not some other target): one healthy target.
    const targets = (await (await fetch(`http://127.0.0.1:${prometheusPort}/api/v1/targets`)).json()) as { data: { activeTargets: { health: string; scrapeUrl: string }[] } };
    expect(targets.data.activeTargets.map((t) => [t.scrapeUrl, t.health])).toEqual([[`http://127.0.0.1:${metricsPort}/metrics`, "up"]]);
  }, 240_000);
});
