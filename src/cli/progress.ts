import cliProgress from "cli-progress";

/** Where the CLI writes: its streams, and whether stderr is a terminal. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly isTTY: boolean;
  /** The clock (ms), for rates and the pace of plain progress lines. */
  readonly now?: () => number;
}

/** Progress of one command over input bytes: a bar on a terminal, a plain line every few seconds elsewhere. */
export interface Progress {
  update(records: number, bytes: number): void;
  done(records: number): void;
}

const number = (n: number): string => Math.round(n).toLocaleString("en-US");

function seconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * @param label - the command (`cleanse`), at the start of every line
 * @param totalBytes - the inputs' size, for the share done and the ETA
 * @param every - ms between plain lines (not on a terminal)
 */
export function progress(io: CliIo, label: string, totalBytes: number, options: { readonly quiet: boolean; readonly every?: number }): Progress {
  const now = io.now ?? (() => Date.now());
  const started = now();
  if (options.quiet) return { update: () => undefined, done: () => undefined };
  if (io.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream: io.stderr,
      format: `${label} [{bar}] {percentage}% | {records} records | {rate} records/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    }, cliProgress.Presets.shades_classic);
    bar.start(Math.max(totalBytes, 1), 0, { records: "0", rate: "0" });
    return {
      update(records, bytes) {
        const elapsed = (now() - started) / 1000;
        bar.update(Math.min(bytes, totalBytes), { records: number(records), rate: number(elapsed > 0 ? records / elapsed : 0) });
      },
      done(records) {
        bar.stop();
        const elapsed = (now() - started) / 1000;
        io.stderr.write(`${label}: ${number(records)} records in ${elapsed.toFixed(1)} s (${number(elapsed > 0 ? records / elapsed : records)} records/s)\n`);
      },
    };
  }
  const every = options.every ?? 2000;
  let last = started;
  return {
    update(records, bytes) {
      const t = now();
      if (t - last < every) return;
      last = t;
      const elapsed = (t - started) / 1000;
      const share = totalBytes > 0 ? Math.min(bytes / totalBytes, 1) : 0;
      const eta = share > 0 ? (elapsed / share) * (1 - share) : Number.POSITIVE_INFINITY;
      io.stderr.write(`${label}: ${number(records)} records, ${Math.round(share * 100)}%, ${number(records / Math.max(elapsed, 1e-3))} records/s, ETA ${seconds(eta)}\n`);
    },
    done(records) {
      const elapsed = (now() - started) / 1000;
      io.stderr.write(`${label}: ${number(records)} records in ${elapsed.toFixed(1)} s (${number(elapsed > 0 ? records / elapsed : records)} records/s)\n`);
    },
  };
}
