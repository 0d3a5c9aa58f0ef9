import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { IngestResult, ProfileEngine } from "../engine/createProfileEngine.js";
import { _connect, _sleep } from "./_amqp.js";
import { PUBLISHED_AT_HEADER, _queueMetrics } from "./_metrics.js";
import type { AmqpChannel, AmqpConnection, AmqpMessage } from "./types.js";
import type { Meter } from "@opentelemetry/api";

/** Options of {@link consumeRecords}. */
export interface ConsumeRecordsOptions {
  /** An AMQP url (amqplib is then loaded, and the worker reconnects when the connection is lost). */
  readonly url?: string;
  /** The connection's name in the broker's connection list. Default `profile-kit consumer <queue>`. */
  readonly connectionName?: string;
  /** Or an open amqplib connection (the host owns it and its reconnection). */
  readonly connection?: AmqpConnection;
  readonly queue: string;
  readonly engine: Pick<ProfileEngine, "ingest"> & Partial<Pick<ProfileEngine, "ingestMany">>;
  /** Messages in flight at most (unacknowledged). Default 64. */
  readonly prefetch?: number;
  /**
   * Messages ingested together with `engine.ingestMany` (one store transaction for the batch), at most;
   * 1 ingests each on its own. Default: `prefetch`. A batch is written when full, or `batchWaitMs` after
   * its first message.
   */
  readonly batchSize?: number;
  /** How long a batch waits for more messages. Default 20 ms. */
  readonly batchWaitMs?: number;
  /** Where poison messages go, with the reason in the `x-profile-kit-reason` header. Default `<queue>.dead`. */
  readonly deadLetterQueue?: string;
  /** Attempts of a message whose store fails (with backoff) before it is dead-lettered. Default 5. */
  readonly attempts?: number;
  /** First backoff between attempts, doubled each time. Default 200 ms. */
  readonly backoffMs?: number;
  /**
   * Where the worker's metrics go (an OpenTelemetry `Meter`). Default: the global MeterProvider's — a no-op
   * unless the host registers one.
   */
  readonly meter?: Meter;
  /** Called after each message is settled (for metrics and logs). */
  readonly onSettled?: (event: { readonly outcome: IngestResult["outcome"] | "ingested" | "dead_lettered"; readonly reason?: string; readonly redelivered: boolean }) => void;
}

/** A running worker. */
export interface RecordConsumer {
  /** Messages acknowledged so far, and dead-lettered among them. */
  readonly stats: () => { readonly processed: number; readonly deadLettered: number; readonly inFlight: number; readonly reconnects: number };
  /** Stops taking messages, waits for those in flight to be committed and acknowledged, and closes. */
  readonly close: () => Promise<void>;
}

const REASON_HEADER = "x-profile-kit-reason";

/**
 * Feeds records from a RabbitMQ queue into a profile engine: each message is one record as JSON. Messages
 * are written in batches (`ingestMany`, one store transaction per batch of up to `batchSize`); a message
 * is acknowledged only after the engine's store commit; `prefetch` bounds the work in flight;
 * redelivered messages are harmless (the engine is idempotent). A poison message — not JSON, or a record
 * the engine rejects — goes to the dead-letter queue with its reason and is never retried; a store
 * failure is retried with backoff, then dead-lettered. `close()` drains what is in flight (call it on
 * SIGTERM). With a `url`, a lost connection is re-established with backoff.
 *
 * @param options - the broker, queue and engine
 * @returns the running consumer
 * @throws ProfileKitError `invalid_options` for missing options
 * @example
 * ```ts
 * const consumer = await consumeRecords({ url: "amqp://localhost", queue: "records", engine });
 * process.on("SIGTERM", () => void consumer.close());
 * ```
 */
export async function consumeRecords(options: ConsumeRecordsOptions): Promise<RecordConsumer> {
  if (typeof options !== "object" || (options as unknown) === null || typeof options.queue !== "string" || options.queue === "") throw new ProfileKitError("invalid_options", "consumeRecords: options.queue must be a queue name.");
  if ((options.url === undefined) === (options.connection === undefined)) throw new ProfileKitError("invalid_options", "consumeRecords: give options.url or options.connection (one of them).");
  if (typeof options.engine !== "object" || typeof (options.engine as { ingest?: unknown } | null)?.ingest !== "function") throw new ProfileKitError("invalid_options", "consumeRecords: options.engine must be a profile engine.");
  const prefetch = options.prefetch ?? 64;
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  const batchSize = options.batchSize ?? prefetch;
  const batchWaitMs = options.batchWaitMs ?? 20;
  for (const [name, value] of [["prefetch", prefetch], ["attempts", attempts], ["backoffMs", backoffMs], ["batchSize", batchSize], ["batchWaitMs", batchWaitMs]] as const) {
    if (!Number.isInteger(value) || value < (name === "backoffMs" || name === "batchWaitMs" ? 0 : 1)) throw new ProfileKitError("invalid_options", `consumeRecords: options.${name} must be a ${name === "backoffMs" || name === "batchWaitMs" ? "non-negative" : "positive"} integer.`);
  }
  if (batchSize > prefetch) throw new ProfileKitError("invalid_options", "consumeRecords: options.batchSize cannot exceed options.prefetch (a batch is filled from the messages in flight).");
  const deadLetterQueue = options.deadLetterQueue ?? `${options.queue}.dead`;
  const engine = options.engine;
  let processed = 0;
  let deadLettered = 0;
  let reconnects = 0;
  let closing = false;
  const inFlight = new Set<Promise<void>>();
  let connection: AmqpConnection | null = null;
  let channel: AmqpChannel | null = null;
  let consumerTag: string | null = null;
  let flushPending: () => void = () => undefined;
  const telemetry = _queueMetrics(options.meter, options.queue, () => inFlight.size);

  /** Acknowledges a message as done — first copied to the dead-letter queue with its reason, when it has one. */
  const settle = (ch: AmqpChannel, message: AmqpMessage, outcome: IngestResult["outcome"] | "ingested", reason?: string): void => {
    const redelivered = message.fields.redelivered;
    if (reason !== undefined) {
      ch.sendToQueue(deadLetterQueue, Buffer.from(message.content), { persistent: true, headers: { ...(message.properties.headers ?? {}), [REASON_HEADER]: reason } });
      deadLettered++;
    }
    ch.ack(message);
    processed++;
    const stamp = Number(message.properties.headers?.[PUBLISHED_AT_HEADER]);
    telemetry.settled(reason === undefined ? "ingested" : "dead_lettered", reason ?? null, Number.isFinite(stamp) && stamp > 0 ? (Date.now() - stamp) / 1000 : null);
    options.onSettled?.(reason === undefined ? { outcome, redelivered } : { outcome: "dead_lettered", reason, redelivered });
  };
  const rejectedReason = (issues: readonly { readonly code: string }[]): string => `rejected: ${issues.map((issue) => issue.code).join(", ")}`;

  async function handle(ch: AmqpChannel, message: AmqpMessage): Promise<void> {
    let record: unknown;
    try {
      record = JSON.parse(Buffer.from(message.content).toString("utf8")) as unknown;
    } catch {
      settle(ch, message, "rejected", "invalid_json");
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await engine.ingest(record);
        settle(ch, message, result.outcome, result.outcome === "rejected" ? rejectedReason(result.issues) : undefined);
        return;
      } catch (error) {
        const transient = isTransient(error);
        if (transient && attempt < attempts && !closing) {
          await _sleep(backoffMs * 2 ** (attempt - 1));
          continue;
        }
        if (transient && closing) {
          // Shutting down: the message goes back to the queue for the next worker, not to the dead letters.
          ch.nack(message, false, true);
          return;
        }
        settle(ch, message, "rejected", `${error instanceof ProfileKitError ? error.code : "error"}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500));
        return;
      }
    }
  }

  /**
   * A batch in one `ingestMany` (one store transaction for its new records): invalid JSON and rejected
   * records are dead-lettered, the rest acknowledged after the commit. A batch whose store fails is retried
   * with backoff, then its messages go one by one (so only the failing ones are dead-lettered).
   */
  async function handleBatch(ch: AmqpChannel, batch: readonly AmqpMessage[]): Promise<void> {
    const parsed: { message: AmqpMessage; record: unknown }[] = [];
    for (const message of batch) {
      try {
        parsed.push({ message, record: JSON.parse(Buffer.from(message.content).toString("utf8")) as unknown });
      } catch {
        settle(ch, message, "rejected", "invalid_json");
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await (engine.ingestMany as ProfileEngine["ingestMany"])(parsed.map((p) => p.record), { batchSize: parsed.length });
        const rejected = new Map(result.rejected.map((r) => [r.index, r]));
        parsed.forEach(({ message }, k) => {
          const refused = rejected.get(k);
          settle(ch, message, refused === undefined ? "ingested" : "rejected", refused === undefined ? undefined : rejectedReason(refused.issues));
        });
        return;
      } catch (error) {
        const transient = isTransient(error);
        if (transient && attempt < attempts && !closing) {
          await _sleep(backoffMs * 2 ** (attempt - 1));
          continue;
        }
        // One by one, each with its own retries: only what keeps failing is dead-lettered.
        for (const { message } of parsed) await handle(ch, message);
        return;
      }
    }
  }

  async function start(): Promise<void> {
    connection = options.connection ?? (await _connect(options.url as string, "consumeRecords", options.connectionName ?? `profile-kit consumer ${options.queue}`));
    const ch = await connection.createChannel();
    channel = ch;
    // A channel the broker closes (its connection lost) is replaced on reconnection; its error must not
    // end the process as an unhandled 'error' event.
    ch.on("error", () => undefined);
    await ch.assertQueue(options.queue, { durable: true });
    await ch.assertQueue(deadLetterQueue, { durable: true });
    await ch.prefetch(prefetch);
    if (options.url !== undefined) {
      connection.on("error", () => undefined);
      connection.on("close", () => {
        if (closing) return;
        // Unacknowledged messages return to the queue; take them again on a new connection.
        void reconnect();
      });
    }
    let pending: AmqpMessage[] = [];
    let timer: NodeJS.Timeout | null = null;
    const flush = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const work = (batch.length === 1 || engine.ingestMany === undefined ? Promise.all(batch.map((message) => handle(ch, message))).then(() => undefined) : handleBatch(ch, batch)).catch(() => undefined);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    };
    flushPending = flush;
    const consumer = await ch.consume(options.queue, (message) => {
      if (message === null) return;
      pending.push(message);
      if (pending.length >= batchSize) flush();
      else timer ??= setTimeout(flush, batchWaitMs);
    });
    consumerTag = consumer.consumerTag;
  }

  async function reconnect(): Promise<void> {
    channel = null;
    consumerTag = null;
    for (let attempt = 0; !closing; attempt++) {
      await _sleep(Math.min(10_000, 200 * 2 ** attempt));
      try {
        await Promise.allSettled([...inFlight]);
        await start();
        reconnects++;
        telemetry.reconnected();
        return;
      } catch {
        // The broker is still away: try again.
      }
    }
  }

  await start();
  return {
    stats: () => ({ processed, deadLettered, inFlight: inFlight.size, reconnects }),
    async close() {
      closing = true;
      const ch = channel;
      if (ch !== null && consumerTag !== null) await ch.cancel(consumerTag).catch(() => undefined);
      // What was delivered before the cancel is written, then acknowledged.
      flushPending();
      await Promise.allSettled([...inFlight]);
      if (ch !== null) await ch.close().catch(() => undefined);
      if (options.connection === undefined && connection !== null) await connection.close().catch(() => undefined);
    },
  };
}

/** A store that failed or met too many concurrent writers: worth another attempt after a pause. */
function isTransient(error: unknown): boolean {
  return error instanceof ProfileKitError && (error.code === "store_failure" || error.code === "store_conflict");
}
