import { ProfileKitError } from "../errors/ProfileKitError.js";

/**
 * The ProfileStore contract: where a profile engine keeps records, profiles, aliases, histories, the
 * blocking-key index and value counters. A small core of methods over plain JSON values, each of which may
 * answer synchronously or with a promise; `commit` applies a whole change set atomically, or nothing when
 * a document it read has changed since (optimistic concurrency).
 */

/** What may be returned now or later. */
export type MaybePromise<T> = T | Promise<T>;

/** The kinds of documents a store keeps, each in its own key space. */
export type DocumentKind = "record" | "profile" | "alias" | "history" | "erasure" | "batch";

/** The kinds, in a fixed order. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ["record", "profile", "alias", "history", "erasure", "batch"];

/** A stored document: its key, its version (1 on first write, +1 on each) and its JSON value. */
export interface StoredDocument {
  readonly key: string;
  readonly version: number;
  readonly value: unknown;
}

/**
 * The members of one index key (a blocking key), at most the limit asked, how many there are, and the
 * key's version: 0 while it has no member, otherwise a number that changes with every change to its members
 * and is never given to the key again (a store-wide sequence), so a commit can expect it.
 */
export interface IndexEntry {
  readonly key: string;
  readonly members: readonly string[];
  /**
   * How many members the key has: exactly, when they are at most the `limit` asked; when there are more, any
   * number above the limit (a store need not count a block of thousands that the engine will not read).
   */
  readonly size: number;
  readonly version: number;
}

/** A change set: applied whole, or not at all. */
export interface ChangeSet {
  /**
   * Documents (or, with kind `"index"`, index keys) that must still have these versions (0: must not exist,
   * or have no member). Any difference fails the commit.
   */
  readonly expect: readonly { readonly kind: DocumentKind | "index"; readonly key: string; readonly version: number }[];
  /** Documents to write (their version becomes the old one + 1). */
  readonly put: readonly { readonly kind: DocumentKind; readonly key: string; readonly value: unknown }[];
  /** Documents to remove. */
  readonly delete: readonly { readonly kind: DocumentKind; readonly key: string }[];
  /** Index members to add or remove; each changes its key's version. */
  readonly index: readonly { readonly key: string; readonly member: string; readonly op: "add" | "remove" }[];
  /** Counters to change; a counter that reaches 0 is removed. */
  readonly increment: readonly { readonly key: string; readonly by: number }[];
}

/** The outcome of a commit: applied, or refused with the keys whose versions had changed. */
export type CommitResult = { readonly ok: true } | { readonly ok: false; readonly conflicts: readonly string[] };

/**
 * A profile engine's storage. Implement the five required methods (and `close` if the store holds
 * connections); `runStoreConformance` from `profile-kit/testing` checks an implementation against
 * `memoryStore()`. Values are plain JSON: a store may serialise them. What a store returns is validated by
 * the engine, and anything a store throws reaches the caller as `ProfileKitError` `store_failure`.
 */
export interface ProfileStore {
  /** The documents of one kind under these keys, in the same order (null where absent). */
  get(kind: DocumentKind, keys: readonly string[]): MaybePromise<readonly (StoredDocument | null)[]>;
  /** The members of these index keys, at most `limit` each (any `limit` of them), with each key's size (exact up to `limit`). */
  members(keys: readonly string[], limit: number): MaybePromise<readonly IndexEntry[]>;
  /** The values of these counters, in the same order (0 where absent). */
  counters(keys: readonly string[]): MaybePromise<readonly number[]>;
  /** Documents of one kind in ascending key order (code-unit order), after `after` (null: from the first), at most `limit`. */
  scan(kind: DocumentKind, after: string | null, limit: number): MaybePromise<readonly StoredDocument[]>;
  /** Applies a change set atomically if every expected version holds. */
  commit(changes: ChangeSet): MaybePromise<CommitResult>;
  /** Releases connections. Optional. */
  close?(): MaybePromise<void>;
  /**
   * Optional: a refresh shared between processes, its candidate pairs made inside the store. A store that
   * has it (the PostgreSQL store) is refreshed by every `engine.refresh()` that runs at the same time,
   * each claiming tasks, none holding all records; a store without it is refreshed in one process.
   */
  readonly sharedRefresh?: SharedRefresh;
}

/** A claimed task of a shared refresh: which phase, which part, and the claim's token. */
export interface SharedRefreshTask {
  readonly phase: "pairs" | "units";
  readonly part: number;
  readonly token: string;
}

/**
 * A stored record's match data as a claim carries it: its version, and a value with the stored record's
 * `profileId`, `features`, `counterKeys`, `cannot` and `must` (the rest of the record is not needed to
 * score or cluster it, and is read only for the records whose profile changes).
 */
export interface SharedRefreshRecord {
  readonly key: string;
  readonly version: number;
  readonly value: unknown;
}

/** What a participant of a shared refresh is given to do next. */
export type SharedRefreshClaim =
  /**
   * Score these candidate pairs (one row per blocking key two records share, with the key's size), made by
   * the store from its blocking-key index, with the match data of every record they name.
   */
  | { readonly kind: "pairs"; readonly task: SharedRefreshTask; readonly pairs: readonly { readonly a: string; readonly b: string; readonly key: string; readonly size: number }[]; readonly records: readonly SharedRefreshRecord[] }
  /**
   * Decide these units: records joined by the links scored (and by must-link assertions and their stored
   * profiles), with the links among them, the records' match data and their profiles' members. Every
   * record of a stored profile lies in the same unit as of when the units were made.
   */
  | {
      readonly kind: "units";
      readonly task: SharedRefreshTask;
      readonly units: readonly { readonly records: readonly string[]; readonly links: readonly (readonly [string, string])[] }[];
      readonly records: readonly SharedRefreshRecord[];
      readonly profiles: readonly { readonly key: string; readonly version: number; readonly recordKeys: readonly string[] }[];
    }
  /** Others' tasks of this phase are unfinished: ask again shortly. */
  | { readonly kind: "wait" }
  /** The run is over: the counts every task reported, summed, and the records and profiles now stored. */
  | { readonly kind: "done"; readonly counts: Readonly<Record<string, number>>; readonly records: number; readonly profiles: number };

/**
 * The work queue of a refresh shared by several processes, kept in the store. `begin` starts a run (or
 * joins the one under way); each participant then `claim`s tasks until told the run is `done`: first
 * groups of blocks of the blocking-key index (blocks of 2 to `maxBlockSize` members), whose candidate
 * pairs the store makes and whose links the participant reports with `complete`; then groups of units to
 * decide and commit. A claim not completed within `leaseMs` (a participant that died) is given to another.
 */
export interface SharedRefresh {
  begin(options: { readonly maxBlockSize: number; readonly leaseMs: number }): Promise<string>;
  claim(run: string): Promise<SharedRefreshClaim>;
  /** Records a task done, with the links found (a pairs task) and its counts; false when its lease was lost. */
  complete(run: string, task: SharedRefreshTask, outcome: { readonly links: readonly (readonly [string, string])[]; readonly counts: Readonly<Record<string, number>> }): Promise<boolean>;
  /** Gives a claimed task back unfinished (its participant failed), for another to claim. */
  release(run: string, task: SharedRefreshTask): Promise<void>;
}

const KINDS: ReadonlySet<unknown> = new Set(DOCUMENT_KINDS);

/**
 * Checks that a value is a change set as the engine builds them, before a store applies anything: for
 * store implementations (the memory and PostgreSQL stores call it first in `commit`).
 *
 * @param store - the store's name, for the message
 * @param changes - what `commit` was given
 * @throws ProfileKitError `invalid_options` naming what is malformed
 */
export function checkChangeSet(store: string, changes: unknown): asserts changes is ChangeSet {
  try {
    checkShape(store, changes);
  } catch (error) {
    if (error instanceof ProfileKitError) throw error;
    throw new ProfileKitError("invalid_options", `${store}: the change set could not be read (a revoked Proxy or a throwing getter?).`, { cause: error });
  }
}

function checkShape(store: string, changes: unknown): void {
  const fail = (what: string): never => {
    throw new ProfileKitError("invalid_options", `${store}: commit takes a change set { expect, put, delete, index, increment }; ${what}.`);
  };
  if (typeof changes !== "object" || changes === null) fail("got no object");
  const set = changes as Record<string, unknown>;
  const list = (name: "expect" | "put" | "delete" | "index" | "increment", check: (item: Record<string, unknown>) => boolean): void => {
    const value = name === "expect" ? set["expect"] : name === "put" ? set["put"] : name === "delete" ? set["delete"] : name === "index" ? set["index"] : set["increment"];
    if (!Array.isArray(value)) fail(`${name} is not an array`);
    for (const item of value as unknown[]) if (typeof item !== "object" || item === null || !check(item as Record<string, unknown>)) fail(`an entry of ${name} is malformed`);
  };
  const doc = (item: Record<string, unknown>): boolean => KINDS.has(item["kind"]) && typeof item["key"] === "string";
  list("expect", (item) => (item["kind"] === "index" ? typeof item["key"] === "string" : doc(item)) && Number.isInteger(item["version"]) && (item["version"] as number) >= 0);
  list("put", (item) => doc(item) && item["value"] !== undefined);
  list("delete", doc);
  list("index", (item) => typeof item["key"] === "string" && typeof item["member"] === "string" && (item["op"] === "add" || item["op"] === "remove"));
  list("increment", (item) => typeof item["key"] === "string" && Number.isFinite(item["by"]));
}

