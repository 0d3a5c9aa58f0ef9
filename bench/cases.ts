// Benchmark cases. Each runs in its own child process (see index.ts) so its peak memory is its own.
// Data comes from the project's seeded generator; nothing is downloaded.
import { generateCustomerNdjson, generateCustomerRecords } from "profile-kit/testing";

/** What one case measured. `items` is what throughput is counted in. */
export interface CaseResult {
  readonly items: number;
  readonly unit: string;
  readonly accuracy?: string;
  readonly note?: string;
}

export interface BenchCase {
  readonly name: string;
  /** Sizes in the case's own unit (people for the generator). */
  readonly sizes: readonly number[];
  /** Untimed preparation; its result is passed to `run`. */
  readonly prepare?: (size: number) => unknown;
  readonly run: (size: number, prepared: unknown) => CaseResult;
}

export const cases: readonly BenchCase[] = [
  {
    name: "generate records (in memory iteration)",
    sizes: [100_000, 1_000_000],
    run: (size) => {
      let records = 0;
      for (const generated of generateCustomerRecords({ entities: size, seed: 1 })) if (generated.record.id) records++;
      return { items: records, unit: "records", note: `${size.toLocaleString("en-US")} people` };
    },
  },
  {
    name: "generate NDJSON (streamed, bytes counted)",
    sizes: [100_000, 1_000_000],
    run: (size) => {
      let lines = 0;
      let bytes = 0;
      for (const line of generateCustomerNdjson({ entities: size, seed: 1 })) {
        lines++;
        bytes += line.length;
      }
      return { items: lines, unit: "records", note: `${(bytes / 1024 / 1024).toFixed(0)} MiB of NDJSON` };
    },
  },
];
