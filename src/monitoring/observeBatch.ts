import * as z from "zod/mini";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _own } from "../shared/_dict.js";
import type { PersonalizeResult } from "../fallback/types.js";

/**
 * What a check may know of one record: where it came from, when, which fields had a value, which were
 * unusable, and which issue codes cleansing raised. Never a value.
 */
export interface ObservedRecord {
  /** The record's key (`source:id`), or null when it had none; samples name records by it. */
  readonly key: string | null;
  readonly source: string;
  /** When it was observed (epoch ms), or null. */
  readonly observedAt: number | null;
  /** Standard fields with a value. */
  readonly present: readonly string[];
  /** Fields whose value was unusable (an `error` issue on the field). */
  readonly invalid: readonly string[];
  readonly issueCodes: readonly string[];
}

/** What a check may know of one profile the batch touched. */
export interface ObservedProfile {
  readonly id: string;
  /** Records in the profile. */
  readonly records: number;
  /** Distinct customer ids among its records. */
  readonly customerIds: number;
  /** Profiles holding one of its records: 1 unless the store is inconsistent. */
  readonly profilesPerRecord?: number;
}

/** How many keys a summary keeps as samples of each kind of failure. */
export const SAMPLE_SIZE = 5;

interface Counted {
  count: number;
  sample: string[];
}

/**
 * A batch described by counts only (plain JSON: store it, send it, compare it). Built by
 * {@link observeBatch}; read by `checkExpectations` and `profileBatch`.
 */
export interface BatchSummary {
  readonly format: "profile-kit/batch-summary@1";
  readonly records: number;
  /** The first records' keys (samples for a field no record had). */
  readonly sample: readonly string[];
  readonly bySource: Readonly<Record<string, { readonly records: number; readonly newestObservedAt: number | null }>>;
  /** Per standard field: records with a value, and records whose value was unusable (with sample keys). */
  readonly fields: Readonly<Record<string, { readonly present: number; readonly invalid: number; readonly missingSample: readonly string[]; readonly invalidSample: readonly string[] }>>;
  readonly issueCodes: Readonly<Record<string, number>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly profiles: {
    readonly count: number;
    /** Records per profile → profiles of that size. */
    readonly sizes: Readonly<Record<string, number>>;
    /** The largest profiles, largest first (at most five). */
    readonly largestSample: readonly { readonly id: string; readonly records: number }[];
    /** Distinct customer ids in a profile → profiles with that many. */
    readonly customerIds: Readonly<Record<string, number>>;
    /** The profiles with the most customer ids (more than one), most first (at most five). */
    readonly customerIdSample: readonly { readonly id: string; readonly customerIds: number }[];
    /** Profiles holding a record that is not in exactly one profile (at most five). */
    readonly sharedSample: readonly string[];
    /** Profiles holding one record → profiles with that many (always 1 in a consistent store). */
    readonly profilesPerRecord: Readonly<Record<string, number>>;
  };
  readonly personalization: { readonly messages: number; readonly fellBack: number; readonly slots: number; readonly slotFallbacks: number; readonly suppressed: number };
}

/** Builds a {@link BatchSummary} record by record, holding counts and a few sample keys, never the records. */
export interface BatchObserver {
  addRecord(record: ObservedRecord): void;
  /** What ingest did with one record (`created`, `merged`, `rejected`…). */
  addOutcome(outcome: string): void;
  addProfile(profile: ObservedProfile): void;
  /** A personalization of the batch's profiles (for the fallback rate). */
  addPersonalization(result: PersonalizeResult): void;
  summary(): BatchSummary;
}

const str = (value: unknown): value is string => typeof value === "string";

const made = new WeakSet();
const count = z.number().check(z.int(), z.gte(0));
const counts = z.record(z.string(), count);
const keys = z.array(z.string());
const summarySchema = z.object({
  format: z.literal("profile-kit/batch-summary@1"),
  records: count,
  sample: keys,
  bySource: z.record(z.string(), z.object({ records: count, newestObservedAt: z.nullable(z.number()) })),
  fields: z.record(z.string(), z.object({ present: count, invalid: count, missingSample: keys, invalidSample: keys })),
  issueCodes: counts,
  outcomes: counts,
  profiles: z.object({ count, sizes: counts, largestSample: z.array(z.object({ id: z.string(), records: count })), customerIds: counts, customerIdSample: z.array(z.object({ id: z.string(), customerIds: count })), sharedSample: keys, profilesPerRecord: counts }),
  personalization: z.object({ messages: count, fellBack: count, slots: count, slotFallbacks: count, suppressed: count }),
});

/**
 * Whether a value is a summary: one `observeBatch` made, or a stored one (JSON) of the same shape. The
 * value itself is used, never a parsed copy. @internal
 */
export function _isSummary(value: unknown): value is BatchSummary {
  if (typeof value !== "object" || value === null) return false;
  if (made.has(value)) return true;
  try {
    return _own(value, "format") === "profile-kit/batch-summary@1" && summarySchema.safeParse(value).success;
  } catch {
    // A getter or Proxy trap that throws: no summary.
    return false;
  }
}

/** A count or entry of a summary's table by name (own keys only: a name like `constructor` is no lookup of the prototype). @internal */
export function _entry<V>(table: Readonly<Record<string, V>>, name: string): V | undefined {
  return _own(table, name) as V | undefined;
}

/** Reads what a caller passed once, into a plain copy: a throwing getter or a wrong shape is invalid_options. */
function readInput<T, C>(given: unknown, expected: string, valid: (value: T) => boolean, copy: (value: T) => C): C {
  try {
    if (typeof given === "object" && given !== null && valid(given as T)) return copy(given as T);
  } catch {
    // Unreadable (a getter or Proxy trap threw): refused below.
  }
  throw new ProfileKitError("invalid_options", `observeBatch: ${expected}.`);
}

/** Starts observing a batch. */
export function observeBatch(): BatchObserver {
  let records = 0;
  const bySource = new Map<string, { records: number; newestObservedAt: number | null }>();
  const fields = new Map<string, { present: number; invalid: number; missing: Counted; invalidSample: string[] }>();
  const issueCodes = new Map<string, number>();
  const outcomes = new Map<string, number>();
  // The first records' keys: a field first seen later was missing from all of them.
  const seenKeys: string[] = [];
  const sizes = new Map<number, number>();
  const customerIds = new Map<number, number>();
  const profilesPerRecord = new Map<number, number>();
  let profileCount = 0;
  const largestSample: { id: string; records: number }[] = [];
  const customerIdSample: { id: string; customerIds: number }[] = [];
  const sharedSample: string[] = [];
  /** Keeps the five entries with the highest `by`, highest first (ties: the first seen). */
  const top = <E>(list: E[], entry: E, by: (e: E) => number): void => {
    if (list.length === SAMPLE_SIZE && by(entry) <= by(list[SAMPLE_SIZE - 1] as E)) return;
    let at = list.length;
    while (at > 0 && by(list[at - 1] as E) < by(entry)) at--;
    list.splice(at, 0, entry);
    if (list.length > SAMPLE_SIZE) list.pop();
  };
  const personalization = { messages: 0, fellBack: 0, slots: 0, slotFallbacks: 0, suppressed: 0 };
  const field = (name: string) => {
    let entry = fields.get(name);
    if (entry === undefined) {
      // A field first seen now was missing from every earlier record: those are its first samples.
      entry = { present: 0, invalid: 0, missing: { count: 0, sample: seenKeys.slice(0, SAMPLE_SIZE) }, invalidSample: [] };
      fields.set(name, entry);
    }
    return entry;
  };
  return {
    addRecord(given) {
      const record = readInput(given, "addRecord takes { key, source, observedAt, present, invalid, issueCodes }", (r: ObservedRecord) => str(r.source) && Array.isArray(r.present) && Array.isArray(r.invalid) && Array.isArray(r.issueCodes) && (r.key === null || str(r.key)) && (r.observedAt === null || Number.isFinite(r.observedAt)), (r) => ({ key: r.key, source: r.source, observedAt: r.observedAt, present: r.present.filter(str), invalid: r.invalid.filter(str), issueCodes: r.issueCodes.filter(str) }));
      records++;
      // A record without a source (rejected for it) counts as a record of no source.
      if (record.source !== "") {
        const source = bySource.get(record.source) ?? { records: 0, newestObservedAt: null };
        source.records++;
        if (typeof record.observedAt === "number" && Number.isFinite(record.observedAt) && (source.newestObservedAt === null || record.observedAt > source.newestObservedAt)) source.newestObservedAt = record.observedAt;
        bySource.set(record.source, source);
      }
      const key = str(record.key) ? record.key : null;
      const present = new Set(record.present.filter(str));
      for (const name of present) field(name).present++;
      for (const [name, entry] of fields) {
        if (!present.has(name) && key !== null && entry.missing.sample.length < SAMPLE_SIZE) entry.missing.sample.push(key);
      }
      for (const name of new Set(record.invalid.filter(str))) {
        const entry = field(name);
        entry.invalid++;
        if (key !== null && entry.invalidSample.length < SAMPLE_SIZE) entry.invalidSample.push(key);
      }
      for (const code of new Set(record.issueCodes.filter(str))) issueCodes.set(code, (issueCodes.get(code) ?? 0) + 1);
      if (key !== null && seenKeys.length < SAMPLE_SIZE) seenKeys.push(key);
    },
    addOutcome(outcome) {
      if (!str(outcome)) throw new ProfileKitError("invalid_options", "observeBatch: addOutcome takes an outcome name.");
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    },
    addProfile(given) {
      const profile = readInput(given, "addProfile takes { id, records, customerIds } (non-negative safe integers)", (p: ObservedProfile) => str(p.id) && Number.isSafeInteger(p.records) && p.records >= 0 && Number.isSafeInteger(p.customerIds) && p.customerIds >= 0 && (p.profilesPerRecord === undefined || (Number.isSafeInteger(p.profilesPerRecord) && p.profilesPerRecord >= 0)), (p) => ({ id: p.id, records: p.records, customerIds: p.customerIds, ...(p.profilesPerRecord === undefined ? {} : { profilesPerRecord: p.profilesPerRecord }) }));
      profileCount++;
      const bump = (map: Map<number, number>, n: number): void => { map.set(n, (map.get(n) ?? 0) + 1); };
      bump(sizes, profile.records);
      bump(customerIds, profile.customerIds);
      bump(profilesPerRecord, profile.profilesPerRecord ?? 1);
      top(largestSample, { id: profile.id, records: profile.records }, (e) => e.records);
      if (profile.customerIds > 1) top(customerIdSample, { id: profile.id, customerIds: profile.customerIds }, (e) => e.customerIds);
      if ((profile.profilesPerRecord ?? 1) !== 1 && sharedSample.length < SAMPLE_SIZE) sharedSample.push(profile.id);
    },
    addPersonalization(given) {
      const result = readInput(given, "addPersonalization takes a personalize() result", (r: PersonalizeResult) => typeof r.report === "object" && (r.report as unknown) !== null && Array.isArray(r.fellBack), (r) => ({ slots: Object.keys(r.report).length, fellBack: r.fellBack.length, send: r.send }));
      personalization.messages++;
      personalization.slots += result.slots;
      personalization.slotFallbacks += result.fellBack;
      if (result.fellBack > 0) personalization.fellBack++;
      if (result.send === "suppress") personalization.suppressed++;
    },
    summary() {
      const sorted = <V>(map: Map<string, V>): Record<string, V> => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const numeric = (map: Map<number, number>): Record<string, number> => Object.fromEntries([...map].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v]));
      const summary: BatchSummary = {
        format: "profile-kit/batch-summary@1",
        records,
        sample: [...seenKeys],
        bySource: sorted(new Map([...bySource].map(([k, v]) => [k, { ...v }]))),
        fields: sorted(new Map([...fields].map(([k, v]) => [k, { present: v.present, invalid: v.invalid, missingSample: [...v.missing.sample], invalidSample: [...v.invalidSample] }]))),
        issueCodes: sorted(issueCodes),
        outcomes: sorted(outcomes),
        profiles: { count: profileCount, sizes: numeric(sizes), largestSample: largestSample.map((e) => ({ ...e })), customerIds: numeric(customerIds), customerIdSample: customerIdSample.map((e) => ({ ...e })), sharedSample: [...sharedSample], profilesPerRecord: numeric(profilesPerRecord) },
        personalization: { ...personalization },
      };
      made.add(summary);
      return summary;
    },
  };
}
