import { PUBLISHED_AT_HEADER } from "./_metrics.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _connect } from "./_amqp.js";
import type { AmqpConnection } from "./types.js";

/** Options of {@link publishRecords}. */
export interface PublishRecordsOptions {
  /** An AMQP url (amqplib is then loaded), or an open amqplib connection. */
  readonly url?: string;
  readonly connection?: AmqpConnection;
  readonly queue: string;
  /** Messages published between two waits for the broker's confirms. Default 500. */
  readonly confirmEvery?: number;
}

/**
 * Publishes records to a queue as persistent JSON messages on a confirm channel: resolves once the broker
 * has confirmed every one, so a batch file can be fed through the real-time path (backfill) without loss.
 *
 * @param records - an array, iterable or async iterable of records
 * @param options - where to publish
 * @returns how many were published and confirmed
 * @throws ProfileKitError `invalid_options` for missing options; the broker's error when it refuses
 */
export async function publishRecords(records: Iterable<unknown> | AsyncIterable<unknown>, options: PublishRecordsOptions): Promise<{ readonly published: number }> {
  if (typeof options !== "object" || (options as unknown) === null || typeof options.queue !== "string" || options.queue === "") throw new ProfileKitError("invalid_options", "publishRecords: options.queue must be a queue name.");
  if ((options.url === undefined) === (options.connection === undefined)) throw new ProfileKitError("invalid_options", "publishRecords: give options.url or options.connection (one of them).");
  const every = options.confirmEvery ?? 500;
  if (!Number.isInteger(every) || every < 1) throw new ProfileKitError("invalid_options", "publishRecords: options.confirmEvery must be a positive integer.");
  const connection = options.connection ?? (await _connect(options.url as string, "publishRecords", `profile-kit publisher ${options.queue}`));
  const channel = await connection.createConfirmChannel();
  let published = 0;
  try {
    await channel.assertQueue(options.queue, { durable: true });
    for await (const record of records as AsyncIterable<unknown>) {
      // Stamped with when it was published: the worker's lag metric reads it.
      channel.sendToQueue(options.queue, Buffer.from(JSON.stringify(record)), { persistent: true, contentType: "application/json", headers: { [PUBLISHED_AT_HEADER]: Date.now() } });
      published++;
      if (published % every === 0) await channel.waitForConfirms?.();
    }
    await channel.waitForConfirms?.();
    return { published };
  } finally {
    await channel.close().catch(() => undefined);
    if (options.connection === undefined) await connection.close().catch(() => undefined);
  }
}
