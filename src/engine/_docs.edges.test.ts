import { describe, expect, it } from "vitest";
import { profileKitErrorOf } from "../../test/support/errors.js";
import { _DOC_SCHEMAS, _isHistoryDoc, _isList, _isProfileDoc, _isRecordDoc, _readAlias, _readBatch, _readHistory, _readMatchRecord, _readProfile, _readRecord } from "./_docs.js";

type Doc = Record<string, unknown>;

const features = (): Doc => ({
  id: "crm:1", source: "crm", firstNames: ["ann", "anne"], last: "lee", email: "ann@fastmail.com", emailShared: false, phone: null,
  dob: null, dobAlt: null, street: null, city: "springfield", postal: null, customerId: null, custom: [null, "gold", 3],
});
const recordDoc = (): Doc => ({
  key: "crm:1", id: "1", source: "crm", profileId: "p_1", observedAt: 1_700_000_000_000, firstSeenAt: 1_700_000_000_001, contentHash: "h1",
  record: { id: "1", source: "crm", email: "ann@fastmail.com" }, features: features(), blockingKeys: ["b1"], counterKeys: ["c1"], cannot: [], must: ["web:2"],
});
const profileDoc = (): Doc => ({ id: "p_1", createdAt: 1, updatedAt: 2, recordKeys: ["crm:1"], attributes: { email: "ann@fastmail.com" }, absorbed: [] });
const historyDoc = (): Doc => ({ history: { format: "profile-kit/history@1", profileId: "p_1", entries: [{ any: "thing" }] }, lineage: [{ type: "created", at: 1, profileId: "p_1", cause: "ingest" }] });

/** A copy of a document with the value at a path replaced (undefined: removed). */
function changed(doc: Doc, path: readonly (string | number)[], value: unknown): Doc {
  const copy = structuredClone(doc);
  let node = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return copy;
}

const malformed = (kind: string, key: string, where: string): string => `profile engine: the store returned a malformed ${kind} document for ${JSON.stringify(key)} (${where}).`;

describe("record documents", () => {
  it("accept a well-formed record, with or without an observation time and former profiles", () => {
    for (const doc of [recordDoc(), changed(recordDoc(), ["observedAt"], null), { ...recordDoc(), formerProfiles: ["p_0"] }, { ...recordDoc(), formerProfiles: [] }, changed(recordDoc(), ["features", "custom"], []), changed(recordDoc(), ["features", "source"], null), changed(recordDoc(), ["record"], {})]) {
      expect(_isRecordDoc(doc)).toBe(true);
      expect(_DOC_SCHEMAS.record.safeParse(doc).success).toBe(true);
      expect(_readRecord("crm:1", doc)).toBe(doc);
    }
  });

  const wrong: [string, (string | number)[], unknown][] = [
    ["key", ["key"], 1], ["key", ["key"], undefined], ["id", ["id"], null], ["source", ["source"], 7], ["profileId", ["profileId"], undefined],
    ["observedAt", ["observedAt"], "2025"], ["observedAt", ["observedAt"], Number.NaN], ["observedAt", ["observedAt"], undefined], ["firstSeenAt", ["firstSeenAt"], null], ["firstSeenAt", ["firstSeenAt"], Number.POSITIVE_INFINITY],
    ["contentHash", ["contentHash"], 0], ["record", ["record"], null], ["record", ["record"], ["x"]], ["record", ["record"], "x"],
    ["features", ["features"], null], ["features", ["features"], []], ["features.id", ["features", "id"], null], ["features.emailShared", ["features", "emailShared"], "no"],
    ["features.firstNames", ["features", "firstNames"], "ann"], ["features.firstNames.1", ["features", "firstNames", 1], 5],
    ["features.custom.1", ["features", "custom", 1], true], ["features.custom.2", ["features", "custom", 2], Number.NaN], ["features.custom.0", ["features", "custom", 0], {}], ["features.custom", ["features", "custom"], undefined],
    ["blockingKeys", ["blockingKeys"], "b1"], ["blockingKeys.0", ["blockingKeys", 0], 1], ["counterKeys", ["counterKeys"], undefined], ["counterKeys.0", ["counterKeys", 0], null],
    ["cannot", ["cannot"], {}], ["must.0", ["must", 0], 2], ["must", ["must"], null],
  ];
  for (const name of ["last", "email", "phone", "dob", "dobAlt", "street", "city", "postal", "customerId", "source"]) wrong.push([`features.${name}`, ["features", name], 1], [`features.${name}`, ["features", name], undefined]);

  it("refuse a record with any field missing or of the wrong type, naming where", () => {
    for (const [where, path, value] of wrong) {
      const doc = changed(recordDoc(), path, value);
      expect({ where, fast: _isRecordDoc(doc), zod: _DOC_SCHEMAS.record.safeParse(doc).success }).toEqual({ where, fast: false, zod: false });
      const error = profileKitErrorOf(() => _readRecord("crm:1", doc));
      expect(error.code).toBe("store_failure");
      expect(error.message.startsWith(`profile engine: the store returned a malformed record document for "crm:1" (${where}: `)).toBe(true);
    }
    const formers = { ...recordDoc(), formerProfiles: ["p_0", 3] };
    expect(_isRecordDoc(formers)).toBe(false);
    expect(profileKitErrorOf(() => _readRecord("crm:1", formers)).message).toBe(malformed("record", "crm:1", "formerProfiles.1: Invalid input"));
    expect(profileKitErrorOf(() => _readRecord("crm:1", { ...recordDoc(), formerProfiles: null })).message).toBe(malformed("record", "crm:1", "formerProfiles: Invalid input"));
    expect(profileKitErrorOf(() => _readRecord("crm:1", changed(recordDoc(), ["features", "id"], 1))).message).toBe(malformed("record", "crm:1", "features.id: Invalid input"));
  });

  it("refuse what is no object at all, and a hole in a list", () => {
    for (const value of [null, undefined, "doc", 3, [], [recordDoc()]]) {
      expect(_isRecordDoc(value)).toBe(false);
      expect(profileKitErrorOf(() => _readRecord("k", value)).message).toMatch(/^profile engine: the store returned a malformed record document for "k" \(: Invalid input\)\.$/);
    }
    const sparse = recordDoc();
    const keys: string[] = [];
    keys[1] = "b";
    sparse["blockingKeys"] = keys;
    expect(_isRecordDoc(sparse)).toBe(false);
  });

  it("check a record every time it is read: nothing is remembered as checked", () => {
    const read = recordDoc();
    expect(_readRecord("crm:1", read)).toBe(read);
    read["features"] = null;
    expect(profileKitErrorOf(() => _readRecord("crm:1", read)).code).toBe("store_failure");
    const bad = changed(recordDoc(), ["key"], 1);
    profileKitErrorOf(() => _readRecord("crm:1", bad));
    expect(profileKitErrorOf(() => _readRecord("crm:1", bad)).code).toBe("store_failure");
  });

  it("refuse a malformed document of every kind (nothing is taken on trust)", () => {
    const odd = { not: "a record" };
    for (const read of [_readRecord, _readProfile, _readHistory, _readAlias, _readBatch]) expect(profileKitErrorOf(() => read("k", odd)).code).toBe("store_failure");
  });
});

describe("match data of a shared refresh", () => {
  it("keeps only what scoring reads, under the key given", () => {
    const doc = recordDoc();
    expect(_readMatchRecord("other-key", doc)).toStrictEqual({ key: "other-key", profileId: "p_1", features: features(), counterKeys: ["c1"], cannot: [], must: ["web:2"] });
    // The rest of the record is not needed.
    expect(_readMatchRecord("k", { profileId: "p", features: features(), counterKeys: [], cannot: ["x"], must: [] })).toStrictEqual({ key: "k", profileId: "p", features: features(), counterKeys: [], cannot: ["x"], must: [] });
  });

  it("refuses match data without any of those parts, as a store failure naming the record", () => {
    const base = { profileId: "p", features: features(), counterKeys: [], cannot: [], must: [] };
    const bad: unknown[] = [null, "x", [], { ...base, profileId: 1 }, { ...base, features: { ...features(), id: 2 } }, { ...base, features: null }, { ...base, counterKeys: [1] }, { ...base, cannot: "x" }, { ...base, must: [null] }, { ...base, must: undefined }];
    for (const value of bad) {
      expect(profileKitErrorOf(() => _readMatchRecord("crm:\"1\"", value))).toMatchObject({ code: "store_failure", message: 'profile engine: the store\'s shared refresh gave malformed match data for record "crm:\\"1\\"".' });
    }
  });
});

describe("profile documents", () => {
  it("accept a well-formed profile, with or without overrides", () => {
    for (const doc of [profileDoc(), { ...profileDoc(), overrides: {} }, { ...profileDoc(), overrides: { city: { value: "Paris", by: "agent", at: "2025-01-01" } } }]) {
      expect(_isProfileDoc(doc)).toBe(true);
      expect(_readProfile("p_1", doc)).toBe(doc);
    }
  });

  it("refuse a profile with any field missing or of the wrong type, naming where", () => {
    const wrong: [string, string, unknown][] = [
      ["id", "id", 1], ["createdAt", "createdAt", "1"], ["createdAt", "createdAt", Number.NaN], ["updatedAt", "updatedAt", undefined], ["updatedAt", "updatedAt", Number.NEGATIVE_INFINITY],
      ["recordKeys", "recordKeys", "crm:1"], ["recordKeys.0", "recordKeys", [1]], ["attributes", "attributes", null], ["attributes", "attributes", []], ["absorbed", "absorbed", undefined], ["absorbed.0", "absorbed", [false]],
      ["overrides", "overrides", null], ["overrides", "overrides", []], ["overrides", "overrides", "x"],
    ];
    for (const [where, field, value] of wrong) {
      const doc = changed(profileDoc(), [field], value);
      expect({ where, fast: _isProfileDoc(doc), zod: _DOC_SCHEMAS.profile.safeParse(doc).success }).toEqual({ where, fast: false, zod: false });
      const error = profileKitErrorOf(() => _readProfile("p_1", doc));
      expect(error.code).toBe("store_failure");
      expect(error.message.startsWith(`profile engine: the store returned a malformed profile document for "p_1" (${where}: `)).toBe(true);
    }
    expect(_isProfileDoc(null)).toBe(false);
    expect(_isProfileDoc([profileDoc()])).toBe(false);
  });
});

describe("the profile schema", () => {
  it("describes override entries: a value, and by and at as text when present", () => {
    const parse = (overrides: unknown): boolean => _DOC_SCHEMAS.profile.safeParse({ ...profileDoc(), overrides }).success;
    expect(parse({ city: { value: "Paris" } })).toBe(true);
    expect(parse({ city: { value: null, by: "agent", at: "2025-01-01T00:00:00.000Z" } })).toBe(true);
    expect(parse({ city: { value: "Paris", by: 5 } })).toBe(false);
    expect(parse({ city: { value: "Paris", at: 0 } })).toBe(false);
    expect(parse({ city: "Paris" })).toBe(false);
  });
});

describe("history documents", () => {
  it("accept a history of versions or none, and an empty lineage", () => {
    for (const doc of [historyDoc(), { ...historyDoc(), history: null }, { history: null, lineage: [] }, changed(historyDoc(), ["history", "entries"], [])]) {
      expect(_isHistoryDoc(doc)).toBe(true);
      expect(_readHistory("p_1", doc)).toBe(doc);
    }
  });

  it("refuse a history with any part missing or of the wrong type, naming where", () => {
    const wrong: [string, (string | number)[], unknown][] = [
      ["history", ["history"], undefined], ["history", ["history"], "x"], ["history", ["history"], []], ["history.format", ["history", "format"], "profile-kit/history@2"], ["history.format", ["history", "format"], undefined],
      ["history.profileId", ["history", "profileId"], 1], ["history.entries", ["history", "entries"], {}], ["history.entries", ["history", "entries"], undefined],
      ["lineage", ["lineage"], undefined], ["lineage", ["lineage"], {}], ["lineage.0", ["lineage", 0], null], ["lineage.0", ["lineage", 0], []], ["lineage.0.type", ["lineage", 0, "type"], 1],
      ["lineage.0.at", ["lineage", 0, "at"], "1"], ["lineage.0.at", ["lineage", 0, "at"], Number.NaN], ["lineage.0.profileId", ["lineage", 0, "profileId"], undefined],
    ];
    for (const [where, path, value] of wrong) {
      const doc = changed(historyDoc(), path, value);
      expect({ where, fast: _isHistoryDoc(doc), zod: _DOC_SCHEMAS.history.safeParse(doc).success }).toEqual({ where, fast: false, zod: false });
      const error = profileKitErrorOf(() => _readHistory("p_1", doc));
      expect(error.code).toBe("store_failure");
      expect(error.message.startsWith(`profile engine: the store returned a malformed history document for "p_1" (${where}: `)).toBe(true);
    }
    for (const value of [null, "x", [historyDoc()]]) expect(_isHistoryDoc(value)).toBe(false);
  });
});

describe("alias documents", () => {
  it("accept a target, and refuse anything else", () => {
    const alias = { target: "p_2" };
    expect(_readAlias("p_1", alias)).toBe(alias);
    expect(_DOC_SCHEMAS.alias.safeParse(alias).success).toBe(true);
    expect(profileKitErrorOf(() => _readAlias("p_1", { target: 2 })).message).toBe(malformed("alias", "p_1", "target: Invalid input"));
    expect(profileKitErrorOf(() => _readAlias("p_1", {})).message).toBe(malformed("alias", "p_1", "target: Invalid input"));
    expect(profileKitErrorOf(() => _readAlias("p_1", null)).message).toBe(malformed("alias", "p_1", ": Invalid input"));
    expect(profileKitErrorOf(() => _readAlias("p_1", ["p_2"])).code).toBe("store_failure");
  });
});

describe("_isList", () => {
  it("is true for arrays only", () => {
    expect(_isList([])).toBe(true);
    expect(_isList([1])).toBe(true);
    for (const value of [null, undefined, {}, "[]", { length: 0 }]) expect(_isList(value)).toBe(false);
  });
});

/** A batch record as the engine stores it (taken from a real run), with anomalies: a fresh copy each time. */
function storedBatch(): Doc {
  const result = (name: string): Doc => ({ name, kind: "completeness", severity: "fail", passed: true, observed: 1, threshold: { min: 0.5 }, total: 2, failing: 0, sample: [], message: null });
  const field = { present: 2, invalid: 0, missingSample: [], invalidSample: [] };
  const metrics = { join_rate: { value: 0, n: 2, rate: true }, profile_size_mean: { value: 1, n: 2, rate: false } };
  return {
    id: "b_0ma4lm2o0_1hwqdinda9mi1",
    at: 1_746_057_600_000,
    status: "passed",
    records: 2,
    checks: { passed: true, results: [result("completeness:email")], failed: [], warned: [] },
    summary: {
      format: "profile-kit/batch-summary@1",
      records: 2,
      sample: ["crm:1", "crm:2"],
      bySource: { crm: { records: 2, newestObservedAt: 1_743_465_600_000 } },
      fields: { email: field, id: field, source: field },
      issueCodes: { unusual_name: 2 },
      outcomes: { created: 2 },
      profiles: { count: 2, sizes: { 1: 2 }, largestSample: [{ id: "p_1", records: 1 }, { id: "p_2", records: 1 }], customerIds: { 0: 2 }, customerIdSample: [], sharedSample: [], profilesPerRecord: { 1: 2 } },
      personalization: { messages: 0, fellBack: 0, slots: 0, slotFallbacks: 0, suppressed: 0 },
    },
    anomalies: { flags: [], metrics, baseline: { format: "profile-kit/baseline@1", batches: [{ at: 1_746_057_600_000, metrics }] } },
    recordKeys: [],
  };
}

describe("batch records", () => {
  it("accept a stored batch under its own id, each check kind, severity and status, and anomaly flags", () => {
    const batch = storedBatch();
    const id = batch["id"] as string;
    expect(_readBatch(id, batch)).toBe(batch);
    const variants: Doc[] = [];
    for (const kind of ["completeness", "validity", "freshness", "volume", "uniqueness", "relationships"]) variants.push(changed(batch, ["checks", "results", 0, "kind"], kind));
    for (const severity of ["warn", "fail"]) variants.push(changed(batch, ["checks", "results", 0, "severity"], severity));
    for (const status of ["passed", "warned", "stopped", "quarantined", "interrupted"]) variants.push(changed(batch, ["status"], status));
    for (const direction of ["up", "down"]) variants.push(changed(batch, ["anomalies", "flags"], [{ metric: "reject_rate", value: 0.5, direction, baseline: { mean: 0.1, sd: 0.05, batches: 3 }, z: 8 }]));
    variants.push(changed(batch, ["anomalies"], null), changed(batch, ["checks", "results", 0, "threshold"], {}), changed(batch, ["checks", "results", 0, "observed"], null), changed(batch, ["checks", "results", 0, "message"], "too few"));
    for (const variant of variants) expect(_readBatch(id, variant)).toBe(variant);
  });

  it("refuse a batch stored under another key", () => {
    const batch = storedBatch();
    const error = profileKitErrorOf(() => _readBatch("b_other", batch));
    expect(error.code).toBe("store_failure");
    expect(error.message).toBe('profile engine: the store\'s batch "b_other" is not a batch record (id: not the key it is stored under).');
  });

  it("refuse a batch with any part of the wrong shape, naming where", () => {
    const batch = storedBatch();
    const id = batch["id"] as string;
    const wrong: [string, (string | number)[], unknown][] = [
      ["id", ["id"], 1], ["at", ["at"], Number.NaN], ["status", ["status"], "ok"], ["records", ["records"], -1], ["records", ["records"], 1.5],
      ["checks.passed", ["checks", "passed"], "yes"], ["checks.results.0.name", ["checks", "results", 0, "name"], 1], ["checks.results.0.kind", ["checks", "results", 0, "kind"], "other"],
      ["checks.results.0.severity", ["checks", "results", 0, "severity"], "error"], ["checks.results.0.threshold.min", ["checks", "results", 0, "threshold", "min"], "x"],
      ["checks.results.0.total", ["checks", "results", 0, "total"], -2], ["checks.results.0.sample.0", ["checks", "results", 0, "sample"], [1]], ["checks.failed", ["checks", "failed"], {}],
      ["checks.warned.0.passed", ["checks", "warned"], [{ ...((batch["checks"] as { results: Doc[] }).results[0]), passed: "no" }]],
      ["summary", ["summary"], { format: "x" }], ["summary", ["summary"], undefined],
      ["anomalies.flags.0.direction", ["anomalies", "flags"], [{ metric: "m", value: 1, direction: "sideways", baseline: { mean: 0, sd: 0, batches: 1 }, z: 1 }]],
      ["anomalies.flags.0.metric", ["anomalies", "flags"], [{ metric: 1, value: 1, direction: "up", baseline: { mean: 0, sd: 0, batches: 1 }, z: 1 }]],
      ["anomalies.flags.0.baseline.batches", ["anomalies", "flags"], [{ metric: "m", value: 1, direction: "up", baseline: { mean: 0, sd: 0, batches: -1 }, z: 1 }]],
      ["anomalies.metrics.join_rate.rate", ["anomalies", "metrics", "join_rate", "rate"], "yes"],
      ["anomalies.baseline.format", ["anomalies", "baseline", "format"], "profile-kit/baseline@2"],
      ["anomalies.baseline.batches.0.at", ["anomalies", "baseline", "batches", 0, "at"], "now"],
      ["recordKeys.0", ["recordKeys"], [3]],
    ];
    for (const [where, path, value] of wrong) {
      const doc = changed(batch, path, value);
      const error = profileKitErrorOf(() => _readBatch(id, doc));
      const prefix = `profile engine: the store's batch ${JSON.stringify(id)} is not a batch record (${where}: `;
      expect({ code: error.code, message: error.message.slice(0, prefix.length) }).toEqual({ code: "store_failure", message: prefix });
    }
    expect(profileKitErrorOf(() => _readBatch(id, null)).message).toBe(`profile engine: the store's batch ${JSON.stringify(id)} is not a batch record (: Invalid input).`);
  });

  it("report a batch that throws while read, with the cause", () => {
    const batch = storedBatch();
    const failure = new Error("getter");
    const throwing = Object.defineProperty({ ...batch }, "status", { enumerable: true, get: () => { throw failure; } });
    const error = profileKitErrorOf(() => _readBatch("b", throwing));
    expect(error.code).toBe("store_failure");
    expect(error.message).toBe('profile engine: the store\'s batch "b" could not be read.');
    expect(error.cause).toBe(failure);
  });

  it("check a batch every time it is read", () => {
    const batch = storedBatch();
    const id = batch["id"] as string;
    expect(_readBatch(id, batch)).toBe(batch);
    batch["status"] = "nonsense";
    expect(profileKitErrorOf(() => _readBatch(id, batch)).code).toBe("store_failure");
    batch["status"] = "passed";
    expect(_readBatch(id, batch)).toBe(batch);
  });

  it("refuses a profile whose override entries are malformed, as its zod schema does", () => {
    const profile = (overrides: unknown): Record<string, unknown> => ({ id: "p_1", createdAt: 1, updatedAt: 2, recordKeys: ["crm:1"], attributes: {}, absorbed: [], overrides });
    for (const overrides of [{ city: null }, { city: "Paris" }, { city: { value: 1, by: 5 } }, { city: { value: 1, at: 7 } }]) {
      expect(_DOC_SCHEMAS.profile.safeParse(profile(overrides)).success).toBe(false);
      expect(_isProfileDoc(profile(overrides))).toBe(false);
      expect(() => _readProfile("p_1", profile(overrides))).toThrow(/malformed profile document/);
    }
    const good = profile({ city: { value: "Paris", by: "ops", at: "2026-01-01T00:00:00Z" }, plan: { value: null } });
    expect(_isProfileDoc(good)).toBe(true);
    expect(_DOC_SCHEMAS.profile.safeParse(good).success).toBe(true);
  });
});
