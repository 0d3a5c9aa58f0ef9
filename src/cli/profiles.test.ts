// The profiles side of `resolve`, directly: records cleansed as added and counted per chunk, the first
// record of an id kept, profiles merged per cluster and written as NDJSON or as CSV (whose header is every
// profile's columns, in the order first met), and the rows the report asks for.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ProfileBuilder, type ProfilesSetup } from "./profiles.js";

const dir = mkdtempSync(join(tmpdir(), "pk-profiles-"));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

function builder(out: string, spec: unknown = {}): ProfileBuilder {
  const setup: ProfilesSetup = { spec, paths: [], read: { idColumn: "id", sourceColumn: "source", schemaColumns: [], encoding: "utf8", skipBadRows: false }, truthColumn: null, idColumn: "id", out };
  return new ProfileBuilder(setup);
}

const ANN = { id: "1", source: "crm", updatedAt: "2024-01-01T00:00:00Z", firstName: "Ann", lastName: "Lee", email: "ANN@fastmail.com" };
const ANN_WEB = { id: "2", source: "web", updatedAt: "2025-01-01T00:00:00Z", email: "ann@fastmail.com", phone: "+1 415 555 0100", city: "Oslo" };
const BO = { id: "3", source: "crm", updatedAt: "2024-06-01T00:00:00Z", fullName: "Bo Li" };

describe("ProfileBuilder", () => {
  it("writes one NDJSON profile per cluster: its id, its records' ids, the merged attributes", async () => {
    const out = join(dir, "p.ndjson");
    const b = builder(out);
    b.add([ANN, ANN_WEB]);
    b.add([BO]);
    const done = await b.write([{ id: "P1", recordIds: ["1", "2"] }, { id: "P2", recordIds: ["3", "unknown"] }]);
    const profiles = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(profiles).toHaveLength(2);
    expect(profiles[0]).toMatchObject({ profileId: "P1", records: ["1", "2"], firstName: "Ann", lastName: "Lee", email: "ann@fastmail.com", city: "Oslo" });
    expect(profiles[1]).toMatchObject({ profileId: "P2", records: ["3", "unknown"], lastName: "Li" });
    expect(Object.keys(profiles[0] ?? {}).slice(0, 2)).toEqual(["profileId", "records"]);
    expect(done.counts.map((c) => c.records)).toEqual([2, 1]);
    expect(done.quality.records).toBe(3);
  });

  it("writes a CSV whose header holds every profile's columns in the order first met", async () => {
    const out = join(dir, "p.csv");
    const b = builder(out);
    b.add([BO, ANN, ANN_WEB]);
    await b.write([{ id: "P2", recordIds: ["3"] }, { id: "P1", recordIds: ["1", "2"] }]);
    const [header, ...rows] = readFileSync(out, "utf8").trim().split("\n");
    const columns = (header ?? "").split(",");
    expect(columns.slice(0, 2)).toEqual(["profileId", "records"]);
    expect(columns).toContain("email");
    expect(columns).toContain("city");
    expect(columns.indexOf("lastName")).toBeLessThan(columns.indexOf("email"));
    expect(rows).toHaveLength(2);
    expect(rows[0]?.startsWith("P2,")).toBe(true);
    expect(rows[1]).toContain("ann@fastmail.com");
    expect(rows[1]?.startsWith('P1,"[""1"",""2""]",')).toBe(true);
  });

  it("writes an empty CSV's header and an empty NDJSON for no clusters", async () => {
    const csv = join(dir, "none.csv");
    await builder(csv).write([]);
    expect(readFileSync(csv, "utf8")).toBe("profileId,records\n");
    const ndjson = join(dir, "none.ndjson");
    await builder(ndjson).write([]);
    expect(readFileSync(ndjson, "utf8")).toBe("");
  });

  it("keeps the first record of a repeated id, and gives the rows asked for that it knows, in the order asked", () => {
    const b = builder(join(dir, "rows.ndjson"));
    b.add([ANN, { ...ANN, firstName: "Other" }, BO]);
    const rows = b.rows(["3", "missing", "1"]);
    expect(rows.map(([id]) => id)).toEqual(["3", "1"]);
    expect(rows[1]?.[1]).toMatchObject({ firstName: "Ann" });
    expect(b.unpacked()).toHaveLength(3);
    expect(b.unpacked()).toBe(b.unpacked());
  });

  it("refuses records after the profiles were unpacked", () => {
    const b = builder(join(dir, "late.ndjson"));
    b.add([ANN]);
    b.unpacked();
    expect(() => { b.add([BO]); }).toThrow("ProfileBuilder: records added after the profiles were unpacked for merging");
  });

  it("merges with the schema's policy", async () => {
    const out = join(dir, "policy.ndjson");
    const b = builder(out, { merge: { attributes: { email: { strategy: "oldest" } } } });
    b.add([{ ...ANN, email: "first@fastmail.com" }, { ...ANN_WEB, email: "second@fastmail.com" }]);
    await b.write([{ id: "P", recordIds: ["1", "2"] }]);
    expect(JSON.parse(readFileSync(out, "utf8")) as unknown).toMatchObject({ email: "first@fastmail.com" });
    const latest = join(dir, "latest.ndjson");
    const c = builder(latest);
    c.add([{ ...ANN, email: "first@fastmail.com" }, { ...ANN_WEB, email: "second@fastmail.com" }]);
    await c.write([{ id: "P", recordIds: ["1", "2"] }]);
    expect(JSON.parse(readFileSync(latest, "utf8")) as unknown).toMatchObject({ email: "second@fastmail.com" });
  });
});
