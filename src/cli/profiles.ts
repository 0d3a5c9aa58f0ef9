// The profiles side of `profile-kit resolve`: the records cleansed for the profiles and the quality report,
// then, once matching has found the clusters, each cluster merged into a profile and written. The same code
// runs in the main thread (small inputs, --workers 0), after matching, and in a second thread
// (profilesWorker.ts) that reads the files itself and cleanses while the main thread matches, so the
// output is the same either way.
import { deserialize, serialize } from "node:v8";
import { cleanseRecords, type QualityReport } from "../cleanse/cleanseRecords.js";
import { defineSchema, type Schema } from "../engine/defineSchema.js";
import { mergeRecords } from "../merge/mergeRecords.js";
import type { MergePolicy } from "../merge/types.js";
import { _own } from "../shared/_dict.js";
import { countIssues, type ChunkCounts } from "./cleanseChunk.js";
import { formatOf, Output, type ReadSettings } from "./records.js";
import { addQuality, EMPTY_QUALITY } from "./reportData.js";

/** What the profiles side needs once: the schema (as its JSON), the columns it reads and the output. */
export interface ProfilesSetup {
  readonly spec: unknown;
  /** The input files and how they are read (the profiles thread reads them itself). */
  readonly paths: readonly string[];
  readonly read: ReadSettings;
  /** The --truth column, read aside (never in a profile), or null. */
  readonly truthColumn: string | null;
  /** The column of each record's id (as matching names the record). */
  readonly idColumn: string;
  /** The output file (.csv, .ndjson or .jsonl). */
  readonly out: string;
}

/** A cluster as matching gives it: the profile's id and its records' ids. */
export interface ProfileCluster {
  readonly id: string;
  readonly recordIds: readonly string[];
}

/** What the profiles side found, given back when the profiles are written. */
export interface ProfilesDone {
  /** Per chunk cleansed: its records, those with an unusable value, the warning and error codes. */
  readonly counts: readonly ChunkCounts[];
  readonly quality: QualityReport;
}

/** Cleansed records by record id (those asked for and known). */
export type CleansedRows = readonly (readonly [string, Readonly<Record<string, unknown>>])[];

const EMPTY = Buffer.alloc(0);

/** Merges written per step: no profile (NDJSON) is held longer than its step. */
const STEP = 2_000;

/** Cleansed records kept by record id, merged into profiles once the clusters are known. */
export class ProfileBuilder {
  private readonly schema: Schema;
  private readonly policy: { readonly policy?: MergePolicy };
  private readonly rowOf = new Map<string, number>();
  /**
   * The cleansed records of each chunk, serialised (V8's structured clone format, exact for any value a
   * record holds) until all are cleansed: a few hundred bytes per record outside the heap instead of live
   * objects that every collection during cleansing would walk and copy.
   */
  private readonly packed: Buffer[] = [];
  private rowCount = 0;
  private cleansed: readonly Readonly<Record<string, unknown>>[] | null = null;
  private readonly counts: ChunkCounts[] = [];
  private quality: QualityReport = EMPTY_QUALITY;

  constructor(private readonly setup: ProfilesSetup) {
    this.schema = defineSchema(setup.spec as never);
    const merge = this.schema.spec.merge;
    this.policy = merge === undefined ? {} : { policy: merge };
  }

  /** Cleanses records as read; keeps only the cleansed records and the counts. */
  add(records: readonly Record<string, unknown>[]): void {
    if (this.cleansed !== null) throw new Error("ProfileBuilder: records added after the profiles were unpacked for merging");
    const chunk = cleanseRecords(records, this.schema);
    this.counts.push(countIssues(chunk.results));
    this.quality = addQuality(this.quality, chunk.report);
    for (const record of records) {
      const key = String(_own(record, this.setup.idColumn));
      // The first record of an id wins (the main thread refuses a duplicated id before any profile is written).
      if (!this.rowOf.has(key)) this.rowOf.set(key, this.rowCount);
      this.rowCount++;
    }
    this.packed.push(serialize(chunk.records));
  }

  /**
   * Every cleansed record, unpacked once (the buffers let go as they are read). The profiles thread calls
   * it as soon as it has cleansed everything, while the main thread still matches, so that merging starts
   * at once when the clusters come.
   */
  unpacked(): readonly Readonly<Record<string, unknown>>[] {
    if (this.cleansed !== null) return this.cleansed;
    const all: Readonly<Record<string, unknown>>[] = [];
    for (const [k, buffer] of this.packed.entries()) {
      for (const record of deserialize(buffer) as Readonly<Record<string, unknown>>[]) all.push(record);
      this.packed[k] = EMPTY;
    }
    this.packed.length = 0;
    return (this.cleansed = all);
  }

  /** Merges each cluster into a profile and writes them; gives back the counts and the quality report. */
  async write(clusters: readonly ProfileCluster[]): Promise<ProfilesDone> {
    const cleansed = this.unpacked();
    const profileOf = (cluster: ProfileCluster): Record<string, unknown> => {
      const members: Readonly<Record<string, unknown>>[] = [];
      for (const id of cluster.recordIds) {
        const row = this.rowOf.get(id);
        if (row !== undefined) members.push(cleansed[row] as Readonly<Record<string, unknown>>);
      }
      // The cleansed records already carry standard names: merged with the schema's policy, not its column map.
      // One options object for every profile (the profile's id is written here, not by mergeRecords): without
      // a policy it is empty, which mergeRecords reads without validating options each time (a fifth of its time).
      const golden = mergeRecords(members, this.policy);
      return { profileId: cluster.id, records: cluster.recordIds, ...golden.attributes };
    };
    const output = new Output(this.setup.out);
    try {
      if (formatOf(this.setup.out) === "ndjson") {
        for (let start = 0; start < clusters.length; start += STEP) await output.write(clusters.slice(start, start + STEP).map(profileOf));
      } else {
        // A CSV's header names every column first: the profiles are all merged before any is written.
        const profiles = clusters.map(profileOf);
        const columns = ["profileId", "records"];
        const seen = new Set(columns);
        for (const profile of profiles) for (const key of Object.keys(profile)) if (!seen.has(key)) { seen.add(key); columns.push(key); }
        output.header(columns);
        for (let start = 0; start < profiles.length; start += STEP) await output.write(profiles.slice(start, start + STEP));
      }
    } finally {
      await output.close();
    }
    return { counts: this.counts, quality: this.quality };
  }

  /** The cleansed records of these record ids (for the report's tables). */
  rows(ids: readonly string[]): CleansedRows {
    const cleansed = this.unpacked();
    const out: [string, Readonly<Record<string, unknown>>][] = [];
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row !== undefined) out.push([id, cleansed[row] as Readonly<Record<string, unknown>>]);
    }
    return out;
  }
}
