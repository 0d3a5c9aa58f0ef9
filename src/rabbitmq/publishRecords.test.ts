// publishRecords against a recording stand-in for an amqplib connection (the real broker is exercised by
// consumeRecords.test.ts): what it refuses, what it sends, when it waits for confirms, what it closes.
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { PUBLISHED_AT_HEADER } from "./_metrics.js";
import { publishRecords, type PublishRecordsOptions } from "./publishRecords.js";
import type { AmqpChannel, AmqpConnection } from "./types.js";

interface Recorded {
  readonly calls: string[];
  readonly sent: { queue: string; body: unknown; options: Readonly<Record<string, unknown>> | undefined }[];
}

/** A connection whose confirm channel records every call in order; `failSend` makes the nth send throw. */
function recordingConnection(failSend?: number): { connection: AmqpConnection; recorded: Recorded } {
  const recorded: Recorded = { calls: [], sent: [] };
  const channel: AmqpChannel = {
    assertQueue: (queue, options) => {
      recorded.calls.push(`assertQueue ${queue} ${JSON.stringify(options)}`);
      return Promise.resolve({});
    },
    prefetch: () => Promise.reject(new Error("not used")),
    consume: () => Promise.reject(new Error("not used")),
    cancel: () => Promise.reject(new Error("not used")),
    ack: () => undefined,
    nack: () => undefined,
    sendToQueue: (queue, content, options) => {
      if (failSend !== undefined && recorded.sent.length + 1 === failSend) throw new Error("channel closed");
      recorded.calls.push("send");
      recorded.sent.push({ queue, body: JSON.parse(content.toString("utf8")) as unknown, options });
      return true;
    },
    waitForConfirms: () => {
      recorded.calls.push("confirms");
      return Promise.resolve();
    },
    close: () => {
      recorded.calls.push("close channel");
      return Promise.resolve();
    },
    on: () => undefined,
  };
  const connection: AmqpConnection = {
    createChannel: () => Promise.reject(new Error("publishRecords needs a confirm channel")),
    createConfirmChannel: () => {
      recorded.calls.push("createConfirmChannel");
      return Promise.resolve(channel);
    },
    close: () => {
      recorded.calls.push("close connection");
      return Promise.resolve();
    },
    on: () => undefined,
  };
  return { connection, recorded };
}

async function refusal(options: unknown): Promise<string> {
  try {
    await publishRecords([], options as PublishRecordsOptions);
  } catch (error) {
    if (isProfileKitError(error) && error.code === "invalid_options") return error.message;
    throw error;
  }
  throw new Error("publishRecords accepted the options");
}

describe("publishRecords", () => {
  it("refuses options without a queue, without exactly one of url and connection, or with a confirmEvery that is not a positive integer", async () => {
    const { connection } = recordingConnection();
    expect(await refusal(null)).toBe("publishRecords: options.queue must be a queue name.");
    expect(await refusal({ connection })).toBe("publishRecords: options.queue must be a queue name.");
    expect(await refusal({ connection, queue: "" })).toBe("publishRecords: options.queue must be a queue name.");
    expect(await refusal({ connection, queue: 7 })).toBe("publishRecords: options.queue must be a queue name.");
    expect(await refusal({ queue: "q" })).toBe("publishRecords: give options.url or options.connection (one of them).");
    expect(await refusal({ queue: "q", url: "amqp://127.0.0.1", connection })).toBe("publishRecords: give options.url or options.connection (one of them).");
    for (const confirmEvery of [0, -1, 1.5, Number.NaN]) {
      expect(await refusal({ queue: "q", connection, confirmEvery })).toBe("publishRecords: options.confirmEvery must be a positive integer.");
    }
  });

  it("sends each record as a persistent JSON message stamped with its publishing time, waits for confirms every confirmEvery and at the end, and closes its channel but not the host's connection", async () => {
    const { connection, recorded } = recordingConnection();
    const before = Date.now();
    const result = await publishRecords([{ id: "1" }, { id: "2" }, { id: "3" }, { id: "4" }, { id: "5" }], { connection, queue: "records", confirmEvery: 2 });
    expect(result).toStrictEqual({ published: 5 });
    expect(recorded.calls).toStrictEqual(["createConfirmChannel", 'assertQueue records {"durable":true}', "send", "send", "confirms", "send", "send", "confirms", "send", "confirms", "close channel"]);
    expect(recorded.sent.map((message) => message.body)).toStrictEqual([{ id: "1" }, { id: "2" }, { id: "3" }, { id: "4" }, { id: "5" }]);
    for (const message of recorded.sent) {
      expect(message.queue).toBe("records");
      expect(message.options).toMatchObject({ persistent: true, contentType: "application/json" });
      const stamp = (message.options?.["headers"] as Record<string, unknown>)[PUBLISHED_AT_HEADER] as number;
      expect(stamp).toBeGreaterThanOrEqual(before);
      expect(stamp).toBeLessThanOrEqual(Date.now());
    }
  });

  it("waits for confirms every 500 messages by default, and reads an async iterable", async () => {
    const { connection, recorded } = recordingConnection();
    async function* many(): AsyncGenerator<{ n: number }> {
      for (let n = 0; n < 1001; n++) yield await Promise.resolve({ n });
    }
    expect(await publishRecords(many(), { connection, queue: "records" })).toStrictEqual({ published: 1001 });
    const confirms = recorded.calls.map((call, k) => (call === "confirms" ? k : -1)).filter((k) => k >= 0);
    // After the 500th and the 1000th send (calls 2 + 500 and 2 + 1000 + 1), and at the end.
    expect(confirms).toStrictEqual([502, 1003, 1005]);
  });

  it("closes its channel when a send fails, and the error reaches the caller", async () => {
    const { connection, recorded } = recordingConnection(2);
    await expect(publishRecords([{ id: "1" }, { id: "2" }], { connection, queue: "records" })).rejects.toThrow("channel closed");
    expect(recorded.calls).toStrictEqual(["createConfirmChannel", 'assertQueue records {"durable":true}', "send", "close channel"]);
  });
});
