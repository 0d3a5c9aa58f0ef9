import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _placeholderEmails } from "./_data.js";
import { generateCustomerDataset } from "./generateCustomerDataset.js";
import { generateCustomerNdjson, type GenerateCustomerNdjsonOptions } from "./generateCustomerNdjson.js";
import { generateCustomerRecords } from "./generateCustomerRecords.js";
import type { GeneratedRecord, RecordNoise } from "./types.js";

const sample: GeneratedRecord[] = [...generateCustomerRecords({ entities: 5000, seed: 11 })];

function digest(lines: Iterable<string>): string {
  const hash = createHash("sha256");
  for (const line of lines) hash.update(line);
  return hash.digest("hex");
}

function entitiesBy(key: (generated: GeneratedRecord) => string | undefined): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const generated of sample) {
    const value = key(generated);
    if (value === undefined || value === "") continue;
    let set = map.get(value);
    if (set === undefined) map.set(value, (set = new Set()));
    set.add(generated.entityId);
  }
  return map;
}

describe("generateCustomerRecords", () => {
  it("is deterministic: the same seed gives byte-identical NDJSON, another seed different output", () => {
    const a = digest(generateCustomerNdjson({ entities: 2000, seed: 42 }));
    const b = digest(generateCustomerNdjson({ entities: 2000, seed: 42 }));
    const c = digest(generateCustomerNdjson({ entities: 2000, seed: 43 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("makes exactly the requested number of people, each record with a unique id", () => {
    const entities = new Set(sample.map((g) => g.entityId));
    expect(entities.size).toBe(5000);
    const ids = new Set(sample.map((g) => g.record.id));
    expect(ids.size).toBe(sample.length);
    expect(sample.length / entities.size).toBeGreaterThan(1.8);
    expect(sample.length / entities.size).toBeLessThan(3.5);
    expect([...generateCustomerRecords({ entities: 0 })]).toEqual([]);
  });

  it("emits only standard fields, all strings, with id, source and updatedAt always present", () => {
    const allowed = new Set(["id", "source", "updatedAt", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country", "customerId"]);
    // Collected, then asserted once: an expect per value made this the suite's slowest test.
    const wrong: string[] = [];
    for (const { record } of sample) {
      for (const [key, value] of Object.entries(record)) {
        if (!allowed.has(key)) wrong.push(`${record.id}: unknown field ${key}`);
        if (typeof value !== "string") wrong.push(`${record.id}: ${key} is a ${typeof value}`);
      }
      if (!record.id) wrong.push(`a record without an id: ${JSON.stringify(record)}`);
      if (!["crm", "web", "orders", "support", "newsletter"].includes(record.source)) wrong.push(`${record.id}: source ${record.source}`);
      if (!record.updatedAt) wrong.push(`${record.id}: no updatedAt`);
    }
    expect(wrong).toEqual([]);
    expect(sample.length).toBeGreaterThan(1_000);
  });

  it("gives every source its own shape: CRM has customer ids, web and newsletter mostly only an email", () => {
    const bySource = (source: string) => sample.filter((g) => g.record.source === source).map((g) => g.record);
    const share = (records: readonly Record<string, unknown>[], field: string) =>
      records.filter((r) => r[field] !== undefined).length / records.length;
    expect(share(bySource("crm"), "customerId")).toBeGreaterThan(0.5);
    expect(share(bySource("web"), "customerId")).toBe(0);
    expect(share(bySource("newsletter"), "email")).toBe(1);
    expect(share(bySource("newsletter"), "street")).toBeLessThan(0.1);
    expect(share(bySource("orders"), "street")).toBeGreaterThan(0.9);
  });

  it("applies every kind of noise, and the noise is visible in the values", () => {
    const counts = new Map<RecordNoise, number>();
    for (const g of sample) for (const tag of g.noise) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const every: RecordNoise[] = [
      "name_case", "name_whitespace", "name_typo", "nickname", "old_last_name", "full_name_only", "email_case",
      "email_whitespace", "email_domain_typo", "email_gmail_variant", "email_alternate", "email_family",
      "phone_format", "phone_household", "date_format", "date_typo", "address_abbreviation", "address_case",
      "old_address", "country_variant", "postal_code_format", "placeholder_email", "placeholder_phone",
      "placeholder_birth_date", "timestamp_no_zone", "name_title", "name_swapped", "surname_as_first_name",
      "name_other_language", "date_year_only", "date_sentinel", "customer_id_format", "names_and_date_typos",
    ];
    for (const tag of every) expect(counts.get(tag) ?? 0, tag).toBeGreaterThanOrEqual(5);

    for (const { record, noise } of sample) {
      if (noise.includes("placeholder_email")) expect(_placeholderEmails).toContain(record.email);
      if (noise.includes("email_whitespace")) expect(record.email).not.toBe(record.email?.trim());
      if (noise.includes("timestamp_no_zone")) expect(record.updatedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      else expect(record.updatedAt).toMatch(/(Z|[+-]\d\d:\d\d)$/);
      if (noise.includes("date_format") && !noise.some((tag) => ["placeholder_birth_date", "date_year_only", "date_sentinel", "names_and_date_typos"].includes(tag))) {
        expect(record.dateOfBirth).not.toMatch(/^\d{4}-\d\d-\d\d$/);
      }
      if (noise.includes("date_year_only")) expect(record.dateOfBirth).toMatch(/^\d{4}(-01-01)?$/);
      if (noise.includes("date_sentinel")) expect(["1800-01-01", "1900-01-01", "01/01/1900"]).toContain(record.dateOfBirth);
      if (noise.includes("surname_as_first_name")) expect(record.lastName).toBeUndefined();
      if (noise.includes("name_title")) expect(record.firstName).toMatch(/^(Sir|Dr\.?|Rev\.|Lady|Lord|Dame|Prof\.|Mrs|Mr\.)( |$)/);
      if (noise.includes("customer_id_format")) expect(record.customerId).not.toMatch(/^CUS-\d{9}$/);
      if (noise.includes("email_gmail_variant") && !noise.includes("email_domain_typo")) {
        expect(record.email?.trim().toLowerCase()).toMatch(/@gmail\.com$/);
      }
    }
    const formats = new Set(sample.flatMap((g) => (g.record.phone === undefined ? [] : [g.record.phone.replace(/\d/g, "9")])));
    expect(formats.size).toBeGreaterThan(10);
    const dateShapes = new Set(sample.flatMap((g) => (g.record.dateOfBirth === undefined ? [] : [g.record.dateOfBirth.replace(/\d/g, "9").replace(/[A-Za-z]+/g, "a")])));
    expect(dateShapes.size).toBeGreaterThanOrEqual(6);
  });

  it("turns noise off at noise: 0 (hard negatives and changes over time remain)", () => {
    const clean = [...generateCustomerRecords({ entities: 1000, seed: 11, noise: 0 })];
    const noisy: RecordNoise[] = ["name_case", "name_whitespace", "name_typo", "nickname", "email_case", "email_whitespace", "email_domain_typo", "email_gmail_variant", "date_typo", "address_case", "postal_code_format", "timestamp_no_zone", "name_title", "name_swapped", "surname_as_first_name", "name_other_language", "date_year_only", "date_sentinel", "customer_id_format", "names_and_date_typos"];
    expect(clean.flatMap((g) => g.noise.filter((tag) => noisy.includes(tag)))).toEqual([]);
    expect(clean.length).toBeGreaterThan(1_000);
    expect(clean.some((g) => g.noise.includes("old_address"))).toBe(true);
  });

  it("puts families at one address, some sharing a landline or an email", () => {
    const households = new Map<string, Set<string>>();
    for (const g of sample) {
      let set = households.get(g.householdId);
      if (set === undefined) households.set(g.householdId, (set = new Set()));
      set.add(g.entityId);
    }
    expect([...households.values()].filter((s) => s.size >= 2).length).toBeGreaterThan(300);

    const address = entitiesBy((g) => (g.noise.includes("old_address") || g.record.street === undefined ? undefined : `${g.record.street.toLowerCase().replace(/\W/g, "")}|${g.record.postalCode ?? ""}`));
    expect([...address.values()].filter((s) => s.size >= 2).length).toBeGreaterThan(50);

    const phone = entitiesBy((g) => (g.noise.includes("placeholder_phone") ? undefined : g.record.phone?.replace(/\D/g, "").slice(-9)));
    expect([...phone.values()].filter((s) => s.size >= 2).length).toBeGreaterThan(20);

    const email = entitiesBy((g) => (g.noise.includes("placeholder_email") ? undefined : g.record.email?.trim().toLowerCase()));
    expect([...email.values()].filter((s) => s.size >= 2).length).toBeGreaterThan(10);
  });

  it("makes twins: two people in one household with one surname and one birth date", () => {
    const twins = sample.filter((g) => g.traits.includes("twin"));
    const byHousehold = new Map<string, Set<string>>();
    for (const g of twins) {
      let set = byHousehold.get(g.householdId);
      if (set === undefined) byHousehold.set(g.householdId, (set = new Set()));
      set.add(g.entityId);
    }
    const pairs = [...byHousehold.values()].filter((s) => s.size === 2);
    expect(pairs.length).toBeGreaterThan(20);
    // Their ISO birth dates (CRM records) agree when both have one.
    let compared = 0;
    for (const pair of pairs) {
      const [a, b] = [...pair].map((id) => sample.find((g) => g.entityId === id && g.record.source === "crm" && /^\d{4}-/.test(g.record.dateOfBirth ?? "") && !g.noise.some((tag) => ["date_typo", "placeholder_birth_date", "date_year_only", "date_sentinel", "names_and_date_typos"].includes(tag)))?.record.dateOfBirth);
      if (a !== undefined && b !== undefined) {
        expect(a).toBe(b);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("has many different people called John Smith", () => {
    const johnSmiths = entitiesBy((g) => (g.record.firstName?.trim().toLowerCase() === "john" && g.record.lastName?.trim().toLowerCase() === "smith" ? "john smith" : undefined));
    expect(johnSmiths.get("john smith")?.size ?? 0).toBeGreaterThanOrEqual(10);
  });

  it("reuses placeholder values such as test@test.com across unrelated people", () => {
    const byPlaceholder = entitiesBy((g) => (g.noise.includes("placeholder_email") ? g.record.email : undefined));
    const reused = [...byPlaceholder.values()].filter((s) => s.size >= 2);
    expect(reused.length).toBeGreaterThan(3);
    const phones = entitiesBy((g) => (g.noise.includes("placeholder_phone") ? g.record.phone : undefined));
    expect([...phones.values()].some((s) => s.size >= 2)).toBe(true);
  });

  it("never gives two people the same customer id, and keeps a person's id across records (in one format or another)", () => {
    // Compared as digits: some records carry the id in another system's format.
    const digits = (g: { record: { customerId?: string } }): string | undefined => (g.record.customerId === undefined ? undefined : String(Number(g.record.customerId.replace(/\D/g, ""))));
    const owners = entitiesBy(digits);
    for (const set of owners.values()) expect(set.size).toBe(1);
    const idsPerPerson = new Map<string, Set<string>>();
    for (const g of sample) {
      const id = digits(g);
      if (id === undefined) continue;
      let set = idsPerPerson.get(g.entityId);
      if (set === undefined) idsPerPerson.set(g.entityId, (set = new Set()));
      set.add(id);
    }
    for (const set of idsPerPerson.values()) expect(set.size).toBe(1);
  });

  it("is lazy: the first records of a huge data set arrive without generating the rest", () => {
    const iterator = generateCustomerRecords({ entities: 50_000_000 });
    const first = [];
    for (const g of iterator) {
      first.push(g);
      if (first.length === 10) break;
    }
    expect(first).toHaveLength(10);
  });

  it("rejects options that cannot work with invalid_options, naming the option", () => {
    const attempts: unknown[] = [
      { entities: -1 },
      { entities: 1.5 },
      { seed: "x" },
      { sources: [] },
      { sources: ["fax"] },
      { referenceDate: "yesterday" },
      { noise: -1 },
      { entites: 10 },
    ];
    for (const options of attempts) {
      let caught: unknown;
      try {
        generateCustomerRecords(options as never);
      } catch (error) {
        caught = error;
      }
      expect(isProfileKitError(caught), JSON.stringify(options)).toBe(true);
      if (isProfileKitError(caught)) {
        expect(caught.code).toBe("invalid_options");
        expect(caught.message).toContain(Object.keys(options as object)[0]);
        expect(caught.message.startsWith("generateCustomerRecords: invalid options. ")).toBe(true);
      }
    }
  });

  it("limits records to the chosen sources", () => {
    const records = [...generateCustomerRecords({ entities: 300, sources: ["crm", "web"] })];
    expect(new Set(records.map((g) => g.record.source))).toEqual(new Set(["crm", "web"]));
  });
});

describe("generateCustomerDataset", () => {
  it("holds the generator's records and their people index by index, and counts the people", () => {
    const options = { entities: 40, seed: 12, noise: 2 };
    const streamed = [...generateCustomerRecords(options)];
    const { records, entityIds, entityCount } = generateCustomerDataset(options);
    expect(records).toEqual(streamed.map((g) => g.record));
    expect(entityIds).toEqual(streamed.map((g) => g.entityId));
    expect(entityCount).toBe(40);
    expect(records.length).toBeGreaterThan(entityCount);
    expect(generateCustomerDataset({ entities: 0 })).toEqual({ records: [], entityIds: [], entityCount: 0 });
    expect(() => generateCustomerDataset({ entities: -1 })).toThrow(/entities/);
  });
});

describe("generateCustomerNdjson", () => {
  it("writes one JSON object per line, with the truth appended unless asked not to", () => {
    const lines = [...generateCustomerNdjson({ entities: 50, seed: 3 })];
    const records = [...generateCustomerRecords({ entities: 50, seed: 3 })];
    expect(lines).toHaveLength(records.length);
    for (const [i, line] of lines.entries()) {
      expect(line.endsWith("\n")).toBe(true);
      expect(line.slice(0, -1)).not.toContain("\n");
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const generated = records[i] as GeneratedRecord;
      expect(parsed).toEqual({ ...generated.record, entityId: generated.entityId, householdId: generated.householdId });
    }
    const bare = JSON.parse([...generateCustomerNdjson({ entities: 1, includeTruth: false })][0] ?? "{}") as Record<string, unknown>;
    expect(bare).not.toHaveProperty("entityId");
    expect(bare).not.toHaveProperty("householdId");
  });
});

describe("generateCustomerNdjson options", () => {
  it("reports options it cannot read, or of the wrong type, as invalid_options", () => {
    const getter = Object.defineProperty({}, "includeTruth", { enumerable: true, get: () => { throw new Error("getter"); } });
    expect(() => generateCustomerNdjson(getter as never)).toThrow(/could not be read/);
    const caught: unknown = (() => {
      try {
        return generateCustomerNdjson(getter);
      } catch (error) {
        return error;
      }
    })();
    expect(caught instanceof Error && caught.cause instanceof Error && caught.cause.message).toBe("getter");
    expect(() => generateCustomerNdjson({ includeTruth: "yes" } as never)).toThrow(/includeTruth/);
  });
});

describe("generator output is pinned", () => {
  // Every figure in the README and BENCHMARKS.md (the demo's, accuracy, throughput) is measured on these
  // data sets: a change to the generator changes all of them. Change these hashes only deliberately, and
  // measure the figures again.
  const pinned: { options: GenerateCustomerNdjsonOptions; lines: number; sha256: string }[] = [
    { options: { entities: 10_000, seed: 2026 }, lines: 26_017, sha256: "8655cd20aa703fcf7d1519919ae1e9fe6012a1a304310c6c0d08460c9b8befd3" },
    { options: { entities: 2_000, seed: 7, noise: 2, hardNegatives: 2, referenceDate: "2030-06-01T00:00:00+02:00" }, lines: 5_116, sha256: "99c38df9fd73ad3b551e708de1a7757383b7ab632c3d1f78054cb0a69f6cea77" },
    { options: { entities: 600, seed: 9, sources: ["web", "support", "newsletter"], noise: 0, hardNegatives: 0 }, lines: 1_535, sha256: "7c01c2c903d9a9de75668e65dff069d4134a5c39cc830b4c998e76aff775bd8a" },
  ];
  it.each(pinned)("gives the same data set, byte for byte, for $options", ({ options, lines, sha256 }) => {
    const all = [...generateCustomerNdjson(options)];
    expect(all).toHaveLength(lines);
    expect(digest(all)).toBe(sha256);
  });

  // The NDJSON carries the records and their people; the noise and trait tags each record also carries
  // (what evaluations break their errors down by) are pinned here.
  it.each([
    { options: { entities: 2_000, seed: 7, noise: 2, hardNegatives: 2 }, sha256: "99cd0eb24f21ea4d4d979eed263444de74c28709ad88ee9107aa48508315ca5d" },
    { options: { entities: 2_000, seed: 2026 }, sha256: "487c49070ab6cd16822d7941d5d3b1bfa0ec5261ec924bd77c7e6e3349bd5a77" },
  ])("tags each record with the same noise and traits for $options", ({ options, sha256 }) => {
    const tags = [...generateCustomerRecords(options)].map((g) => `${g.record.id} ${g.noise.join(",")} ${g.traits.join(",")}\n`);
    expect(digest(tags)).toBe(sha256);
  });

  it("matches the records shown in the README for seed 42 (change both together, deliberately)", () => {
    const records = [...generateCustomerRecords({ entities: 3, seed: 42 })].slice(0, 2).map((g) => g.record);
    expect(records).toEqual([
      { id: "crm-1", source: "crm", updatedAt: "2021-08-27T01:31:31.000Z", customerId: "CUS-000332598", firstName: "Edward", lastName: "Gomez", email: "edward_gomez@icloud.com", phone: "(414) 595-0787", country: "US" },
      { id: "orders-1", source: "orders", updatedAt: "2023-08-17T04:27:43-05:00", firstName: "Edward", lastName: "Gomez", email: "thegomezhousehold@outlook.com", phone: "1-414-595-0787", street: "6130 Elm Parkway, Unit 30", city: "Milwaukee, WI", postalCode: "53212", country: "USA" },
    ]);
  });
});
