// Every TypeScript sample in README.md runs here, so the README cannot drift from the library.
//
// The blocks of one `##` section run in order as one module, each block in its own scope (every sample is
// complete on its own), with their imports merged and hoisted. A statement followed by `// → value` is checked: the value shown
// is read as a JavaScript literal and compared with what the statement gives — exactly, except that `…`
// marks what the README leaves out (further properties of an object, further elements of an array, further
// digits of a number), and ` — words` after the value is a remark, not compared. `console.log(x); // → value` checks `x`. Nothing a sample prints reaches the test
// output.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { available } from "../test/support/skips.js";
import { postgresProblem, rabbitProblem } from "../test/support/servers.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, ".tmp", "readme");

/** A fenced TypeScript block and the line it starts on. */
interface Block {
  readonly code: string;
  readonly line: number;
}

/** README sections (by `## ` heading) with their TypeScript blocks. */
function readmeSections(markdown: string): { readonly title: string; readonly blocks: Block[] }[] {
  const sections: { title: string; blocks: Block[] }[] = [{ title: "(intro)", blocks: [] }];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("## ")) sections.push({ title: line.slice(3).trim(), blocks: [] });
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith("```"); i++) body.push(lines[i] as string);
    if (fence[1] === "ts" || fence[1] === "typescript") (sections.at(-1) as { blocks: Block[] }).blocks.push({ code: body.join("\n"), line: start + 2 });
  }
  return sections.filter((section) => section.blocks.length > 0);
}

/** Replaces `…` outside string literals with the marker the comparison understands. */
function markOmissions(expected: string): string {
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < expected.length; i++) {
    const ch = expected[i] as string;
    if (quote !== null) {
      out += ch;
      if (ch === "\\") out += expected[++i] ?? "";
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === "`") {
      quote = ch;
      out += ch;
    } else if (ch === "…") {
      // 0.99999… is a number shown to some digits; elsewhere … stands for omitted elements or properties.
      const number = /(-?\d+\.\d+)$/.exec(out);
      out = number === null ? `${out}__MORE__` : `${out.slice(0, -number[0].length)}__approx(${JSON.stringify(number[1])})`;
    } else out += ch;
  }
  return out;
}

/** Turns one block into module code: imports split off, `// →` statements into checks. */
function transform(block: Block): { imports: string[]; body: string } {
  const imports: string[] = [];
  const body: string[] = [];
  const lines = block.code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    if (/^import\s/.test(line)) {
      let statement = line;
      while (!/from\s+["'][^"']+["'];?\s*$/.test(statement) && !/^import\s+["']/.test(statement) && i + 1 < lines.length) statement += `\n${lines[++i] as string}`;
      imports.push(statement);
      continue;
    }
    let arrow = line.indexOf("// →");
    if (arrow >= 0 && line.slice(0, arrow).trim() === "" && body.length > 0) {
      // The value shown on the line below its statement: `record;` then `// → { … }`.
      line = `${(body.pop() as string).trimEnd()} ${line.trim()}`;
      arrow = line.indexOf("// →");
    }
    if (arrow >= 0) {
      const statement = line.slice(0, arrow).trim().replace(/;$/, "");
      let expected = line.slice(arrow + 4).trim().split(" — ")[0] as string;
      // The shown value may continue on comment lines below, indented under it.
      while (i + 1 < lines.length && /^\s*\/\/\s{2,}/.test(lines[i + 1] as string)) expected += ` ${(lines[++i] as string).replace(/^\s*\/\//, "").trim()}`;
      const logged = /^console\.log\((.*)\)$/s.exec(statement);
      const expression = logged === null ? statement : (logged[1] as string);
      const sourceLine = block.line + i;
      line = `await __show(async () => (${expression}), ${JSON.stringify(markOmissions(expected))}, ${sourceLine});`;
    }
    body.push(line);
  }
  return { imports, body: body.join("\n") };
}

const HELPERS = `
import { expect as __expect } from "vitest";
const __MORE__ = Symbol.for("readme.more");
const __approx = (digits) => ({ [Symbol.for("readme.approx")]: digits });
const console = { log: () => {}, info: () => {}, warn: () => {}, error: () => {}, table: () => {} };
function __matches(actual, expected, path) {
  // \`{ a: … }\`: a value shown as … is any value.
  if (expected === __MORE__) return;
  if (typeof expected === "object" && expected !== null && Symbol.for("readme.approx") in expected) {
    const digits = expected[Symbol.for("readme.approx")];
    __expect(typeof actual, path).toBe("number");
    __expect(String(actual).startsWith(digits) || actual.toFixed(digits.split(".")[1].length) === digits, \`\${path}: \${actual} does not start \${digits}\`).toBe(true);
    return;
  }
  if (Array.isArray(expected)) {
    __expect(Array.isArray(actual), \`\${path} is an array\`).toBe(true);
    const more = expected.length > 0 && expected[expected.length - 1] === __MORE__;
    const shown = more ? expected.slice(0, -1) : expected;
    if (more) __expect(actual.length, \`\${path}.length\`).toBeGreaterThanOrEqual(shown.length);
    else __expect(actual.length, \`\${path}.length\`).toBe(shown.length);
    shown.forEach((item, k) => __matches(actual[k], item, \`\${path}[\${k}]\`));
    return;
  }
  if (typeof expected === "object" && expected !== null) {
    __expect(typeof actual === "object" && actual !== null, \`\${path} is an object\`).toBe(true);
    const more = Object.hasOwn(expected, "__MORE__");
    const keys = Object.keys(expected).filter((key) => key !== "__MORE__");
    if (!more) __expect(Object.keys(actual).filter((key) => actual[key] !== undefined).sort(), \`\${path} keys\`).toEqual(keys.filter((key) => expected[key] !== undefined).sort());
    for (const key of keys) __matches(actual[key], expected[key], \`\${path}.\${key}\`);
    return;
  }
  // "pk_…": a text shown by its beginning.
  if (typeof expected === "string" && expected.endsWith("…") && actual !== expected) {
    __expect(typeof actual === "string" && actual.startsWith(expected.slice(0, -1)), \`\${path}: \${JSON.stringify(actual)} does not start \${JSON.stringify(expected.slice(0, -1))}\`).toBe(true);
    return;
  }
  __expect(actual, path).toEqual(expected);
}
async function __show(compute, expectedText, line) {
  const actual = await compute();
  let expected;
  try {
    expected = new Function("__MORE__", "__approx", \`return (\${expectedText});\`)(__MORE__, __approx);
  } catch (error) {
    throw new Error(\`README.md line \${line}: the shown value is not a JavaScript literal: \${expectedText}\`, { cause: error });
  }
  __matches(actual, expected, \`README.md line \${line}\`);
}
`;

/** Imports of all blocks, one statement per module: named imports merged, other forms kept once. */
function mergeImports(statements: readonly string[]): string[] {
  const named = new Map<string, Set<string>>();
  const other = new Set<string>();
  for (const statement of statements) {
    const match = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+["']([^"']+)["'];?\s*$/s.exec(statement);
    if (match === null) {
      other.add(statement);
      continue;
    }
    const names = named.get(match[3] as string) ?? new Set<string>();
    for (const name of (match[2] as string).split(",").map((n) => n.trim()).filter((n) => n !== "")) names.add(match[1] !== undefined && !name.startsWith("type ") ? `type ${name}` : name);
    named.set(match[3] as string, names);
  }
  return [...other, ...[...named].map(([module, names]) => `import { ${[...names].join(", ")} } from "${module}";`)];
}

/** One module for a section: merged imports, the helpers, then every block in its own scope, in order. */
function sectionModule(blocks: readonly Block[]): string {
  const imports: string[] = [];
  const bodies: string[] = [];
  for (const block of blocks) {
    const { imports: found, body } = transform(block);
    for (const statement of found) imports.push(statement);
    bodies.push(`// README.md line ${block.line}\n{\n${body}\n}`);
  }
  return `// @ts-nocheck\n${mergeImports(imports).join("\n")}\n${HELPERS}\n${bodies.join("\n\n")}\nexport {};\n`;
}

// Samples that use PostgreSQL run when a server answers (always under CI=true); otherwise they are left
// out and the skip is reported once at the end of the run.
const postgresMissing = await postgresProblem();
const postgresPresent = available(postgresMissing === "", "README samples that use PostgreSQL", postgresMissing, true);

// Samples that use RabbitMQ, likewise.
const rabbitMissing = await rabbitProblem();
const rabbitPresent = available(rabbitMissing === "", "README samples that use RabbitMQ", rabbitMissing, true);

describe("README.md samples", () => {
  const sections = readmeSections(readFileSync(join(ROOT, "README.md"), "utf8"))
    .map((section) => ({ ...section, blocks: section.blocks.filter((block) => (postgresPresent || !/from "pg";/.test(block.code)) && (rabbitPresent || !/from "profile-kit\/rabbitmq";/.test(block.code))) }))
    .filter((section) => section.blocks.length > 0);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  it("has TypeScript samples to run", () => {
    expect(sections.length).toBeGreaterThan(0);
  });

  for (const [index, section] of sections.entries()) {
    it(`runs "${section.title}" (${section.blocks.length} block${section.blocks.length === 1 ? "" : "s"}, from line ${section.blocks[0]?.line ?? 0})`, async () => {
      const file = join(OUT, `section-${String(index).padStart(2, "0")}.ts`);
      writeFileSync(file, sectionModule(section.blocks));
      await import(pathToFileURL(file).href);
    }, 120_000);
  }
});

describe("the README runner itself", () => {
  it("checks shown values: exact, with … for omitted parts, and fails on a wrong value", async () => {
    const good = sectionModule([{ line: 1, code: 'const x = { a: 1, b: [1, 2, 3], c: "…", d: 0.123456 };\nx; // → { a: 1, b: [1, 2, …], c: "…", d: 0.1234… }\nconsole.log(x.a); // → 1\nx.b; // → [1, 2,\n//        3]' }]);
    const bad = sectionModule([{ line: 1, code: "const y = { a: 1 };\ny; // → { a: 2 }" }]);
    const extra = sectionModule([{ line: 1, code: "const z = { a: 1, b: 2 };\nz; // → { a: 1 }" }]);
    mkdirSync(OUT, { recursive: true });
    const run = async (name: string, code: string): Promise<unknown> => {
      const file = join(OUT, `runner-${name}.ts`);
      writeFileSync(file, code);
      try {
        await import(pathToFileURL(file).href);
        return "passed";
      } catch (error) {
        return error;
      }
    };
    expect(await run("good", good)).toBe("passed");
    expect(String(await run("bad", bad))).toContain("README.md line 2");
    expect(String(await run("extra", extra))).toContain("keys");
  });
});
