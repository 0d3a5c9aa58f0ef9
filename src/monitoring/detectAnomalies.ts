import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _entry, _isSummary, type BatchSummary } from "./observeBatch.js";

/** One measure of a batch: a value, and how many records (or profiles, messages) it was measured on. */
export interface BatchMetric {
  readonly value: number;
  readonly n: number;
  /** A share (0–1), judged with its sampling noise; otherwise a mean judged by its relative change. */
  readonly rate: boolean;
}

/**
 * A batch's profile: null rates and invalid rates per field, issue-code shares, the shares of new,
 * merged and rejected records, the sources' shares, profile sizes and the personalization fallback rate.
 * Metric names are closed-set: `null_rate:email`, `issue_share:invalid_email`, `merge_rate`…
 */
export type BatchProfile = Readonly<Record<string, BatchMetric>>;

/** The trailing window of earlier batches' profiles: plain JSON a host stores between batches. */
export interface AnomalyBaseline {
  readonly format: "profile-kit/baseline@1";
  readonly batches: readonly { readonly at: number; readonly metrics: BatchProfile }[];
}

/** A significant shift of one metric against the baseline. */
export interface AnomalyFlag {
  readonly metric: string;
  readonly value: number;
  readonly direction: "up" | "down";
  /** The baseline it was judged against. */
  readonly baseline: { readonly mean: number; readonly sd: number; readonly batches: number };
  /** The shift in standard errors: (value − mean) / √(sd² + the current batch's sampling variance). */
  readonly z: number;
}

export interface DetectAnomaliesOptions {
  /** Earlier batches kept in the baseline. Default 20. */
  readonly window?: number;
  /** Earlier batches a metric needs before it is judged. Default 3. */
  readonly minBatches?: number;
  /** |z| at or above which a shift is flagged. Default 4. */
  readonly z?: number;
  /** Smallest change of a share that is flagged (absolute). Default 0.02. */
  readonly minChange?: number;
  /** Smallest change of a mean that is flagged (relative). Default 0.1. */
  readonly minRelativeChange?: number;
  /** Whether a batch with flags joins the next baseline (default false: a bad batch does not become normal). */
  readonly keepAnomalous?: boolean;
  /** When the batch ran (epoch ms), recorded in the baseline. Default now. */
  readonly at?: number;
}

/** The flags, and the baseline to store for the next batch. */
export interface AnomalyReport {
  readonly flags: readonly AnomalyFlag[];
  readonly metrics: BatchProfile;
  readonly baseline: AnomalyBaseline;
}

const rate = (count: number, n: number): BatchMetric | null => (n > 0 ? { value: count / n, n, rate: true } : null);

/** The measures of a batch compared by {@link detectAnomalies}. */
export function profileBatch(summary: BatchSummary): BatchProfile {
  if (!_isSummary(summary)) {
    throw new ProfileKitError("invalid_options", "profileBatch: the summary must come from observeBatch().summary().");
  }
  const out = new Map<string, BatchMetric>();
  const put = (name: string, metric: BatchMetric | null): void => { if (metric !== null) out.set(name, metric); };
  const n = summary.records;
  for (const [field, counts] of Object.entries(summary.fields)) {
    put(`null_rate:${field}`, rate(n - counts.present, n));
    put(`invalid_rate:${field}`, rate(counts.invalid, counts.present));
  }
  for (const [code, count] of Object.entries(summary.issueCodes)) put(`issue_share:${code}`, rate(count, n));
  for (const [source, counts] of Object.entries(summary.bySource)) put(`source_share:${source}`, rate(counts.records, n));
  const ingested = Object.values(summary.outcomes).reduce((a, b) => a + b, 0);
  const outcome = (name: string): number => _entry(summary.outcomes, name) ?? 0;
  put("new_profile_rate", rate(outcome("created"), ingested));
  put("merge_rate", rate(outcome("merged"), ingested));
  put("join_rate", rate(outcome("joined") + outcome("merged"), ingested));
  put("split_rate", rate(outcome("split"), ingested));
  put("reject_rate", rate(outcome("rejected"), ingested));
  const profiles = summary.profiles.count;
  if (profiles > 0) {
    let records = 0;
    let multi = 0;
    let large = 0;
    for (const [size, count] of Object.entries(summary.profiles.sizes)) {
      records += Number(size) * count;
      if (Number(size) >= 2) multi += count;
      if (Number(size) >= 6) large += count;
    }
    put("profile_size_mean", { value: records / profiles, n: profiles, rate: false });
    put("profile_share_size_2plus", rate(multi, profiles));
    put("profile_share_size_6plus", rate(large, profiles));
  }
  const p = summary.personalization;
  put("fallback_rate", rate(p.fellBack, p.messages));
  put("slot_fallback_rate", rate(p.slotFallbacks, p.slots));
  put("suppress_rate", rate(p.suppressed, p.messages));
  return _plain(out);
}

/** A map as a plain object (JSON), in name order. */
function _plain(map: ReadonlyMap<string, BatchMetric>): BatchProfile {
  // Object.fromEntries defines own properties: a name like "__proto__" stays an ordinary key.
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A plain copy of a stored baseline, read once, or null when it is not one (or cannot be read). */
function readBaseline(value: unknown): AnomalyBaseline | null {
  try {
    if (typeof value !== "object" || value === null) return null;
    const b = value as { format?: unknown; batches?: unknown };
    if (b.format !== "profile-kit/baseline@1" || !Array.isArray(b.batches)) return null;
    const batches: { at: number; metrics: BatchProfile }[] = [];
    for (const batch of b.batches as unknown[]) {
      if (typeof batch !== "object" || batch === null) return null;
      const { at, metrics } = batch as { at?: unknown; metrics?: unknown };
      if (typeof at !== "number" || typeof metrics !== "object" || metrics === null) return null;
      const copy = new Map<string, BatchMetric>();
      for (const [name, m] of Object.entries(metrics)) {
        const metric = m as { value?: unknown; n?: unknown; rate?: unknown } | null;
        if (typeof metric !== "object" || metric === null) return null;
        const { value: v, n, rate: r } = metric;
        if (typeof v !== "number" || !Number.isFinite(v) || typeof n !== "number" || !Number.isFinite(n) || n <= 0 || typeof r !== "boolean") return null;
        copy.set(name, { value: v, n, rate: r });
      }
      batches.push({ at, metrics: _plain(copy) });
    }
    return { format: "profile-kit/baseline@1", batches };
  } catch {
    // A getter or Proxy trap that throws: not a baseline.
    return null;
  }
}

/**
 * Compares a batch with the trailing window of earlier batches and flags each metric that shifted
 * significantly: its z against the baseline's mean, where the spread is the batches' own spread plus the
 * current batch's sampling noise (a share p measured on n records varies by √(p(1−p)/n)), so a small batch
 * is not flagged for noise and a steady metric is flagged for a real shift. A share must also move by at
 * least `minChange`, a mean by `minRelativeChange`.
 *
 * A metric the baseline knows but this batch lacks — a field that vanished — counts as a null rate of 1.
 *
 * @param baseline - the previous report's `baseline` (JSON), or null for the first batch
 */
export function detectAnomalies(summary: BatchSummary, baseline: AnomalyBaseline | null, options: DetectAnomaliesOptions = {}): AnomalyReport {
  const stored = baseline === null ? null : readBaseline(baseline);
  if (baseline !== null && stored === null) throw new ProfileKitError("invalid_options", "detectAnomalies: the baseline must be a previous report's baseline (format profile-kit/baseline@1) or null.");
  let read: Required<DetectAnomaliesOptions>;
  try {
    const given = options as unknown;
    if (typeof given !== "object" || given === null) throw new TypeError("options");
    read = { window: options.window ?? 20, minBatches: options.minBatches ?? 3, z: options.z ?? 4, minChange: options.minChange ?? 0.02, minRelativeChange: options.minRelativeChange ?? 0.1, keepAnomalous: options.keepAnomalous ?? false, at: options.at ?? Date.now() };
  } catch {
    throw new ProfileKitError("invalid_options", "detectAnomalies: options are an object { window, minBatches, z, minChange, minRelativeChange, keepAnomalous, at } (they could not be read).");
  }
  const { window, minBatches, z: zLimit, minChange, minRelativeChange: minRelative, at } = read;
  if (typeof read.keepAnomalous !== "boolean") throw new ProfileKitError("invalid_options", "detectAnomalies: keepAnomalous is true or false.");
  if (typeof window !== "number" || !Number.isInteger(window) || window < 1 || window > 10_000) throw new ProfileKitError("invalid_options", "detectAnomalies: window must be an integer from 1 to 10,000.");
  if (!Number.isInteger(minBatches) || minBatches < 2 || minBatches > window) throw new ProfileKitError("invalid_options", "detectAnomalies: minBatches must be an integer from 2 to window.");
  for (const [name, value] of [["z", zLimit], ["minChange", minChange], ["minRelativeChange", minRelative]] as const) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new ProfileKitError("invalid_options", `detectAnomalies: ${name} must be a non-negative number.`);
  }
  if (typeof at !== "number" || !Number.isFinite(at)) throw new ProfileKitError("invalid_options", "detectAnomalies: at must be epoch milliseconds.");
  const metrics = new Map(Object.entries(profileBatch(summary)));
  const batches = stored?.batches ?? [];
  // A field the earlier batches had and this one lacks is missing from every record of it.
  for (const batch of batches) {
    for (const name of Object.keys(batch.metrics)) {
      if (name.startsWith("null_rate:") && !metrics.has(name) && summary.records > 0) metrics.set(name, { value: 1, n: summary.records, rate: true });
    }
  }
  const flags: AnomalyFlag[] = [];
  for (const [name, current] of metrics) {
    const history = batches.map((b) => _entry(b.metrics, name)).filter((m): m is BatchMetric => m !== undefined).map((m) => m.value);
    if (history.length < minBatches) continue;
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / (history.length - 1));
    // Sampling noise of the current batch: a share p of n varies by √(p(1−p)/n); a mean of n counts by
    // about mean/√n (counts spread about as widely as their mean).
    const noise = current.rate ? Math.max(mean * (1 - mean), 1 / current.n) / current.n : (mean * mean) / current.n;
    // A floor keeps z finite for a mean that never varied before.
    const spread = Math.max(Math.sqrt(sd * sd + noise), 1e-9);
    const shift = current.value - mean;
    const big = current.rate ? Math.abs(shift) >= minChange : Math.abs(shift) >= minRelative * Math.abs(mean);
    const z = shift / spread;
    if (big && Math.abs(z) >= zLimit) {
      flags.push({ metric: name, value: current.value, direction: shift > 0 ? "up" : "down", baseline: { mean, sd, batches: history.length }, z: Math.round(z * 100) / 100 });
    }
  }
  flags.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || (a.metric < b.metric ? -1 : 1));
  const keep = flags.length === 0 || read.keepAnomalous;
  const measured = _plain(metrics);
  const next = keep ? [...batches, { at, metrics: measured }].slice(-window) : batches.slice(-window);
  return { flags, metrics: measured, baseline: { format: "profile-kit/baseline@1", batches: next } };
}
