// amqplib loaded only when a url is given: what a missing package is said as, the connection's name the
// broker shows, and the sleep of the backoff. (The real broker is met in consumeRecords.test.ts.)
import { afterEach, describe, expect, it, vi } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";

afterEach(() => {
  vi.doUnmock("amqplib");
  vi.resetModules();
  vi.useRealTimers();
});

describe("_connect", () => {
  it("opens the url with amqplib under the connection name operators see in the broker's list", async () => {
    const connection = { createChannel: vi.fn() };
    const connect = vi.fn(() => Promise.resolve(connection));
    vi.doMock("amqplib", () => ({ connect }));
    const { _connect } = await import("./_amqp.js");
    await expect(_connect("amqp://guest:guest@127.0.0.1:5672", "consumeRecords", "profile-kit consumer 7")).resolves.toBe(connection);
    expect(connect).toHaveBeenCalledWith("amqp://guest:guest@127.0.0.1:5672", { clientProperties: { connection_name: "profile-kit consumer 7" } });
  });

  it("says a missing amqplib in our words, naming the function and the way out, with the loader's error as the cause", async () => {
    const missing = new Error("Cannot find package 'amqplib'");
    vi.doMock("amqplib", () => {
      throw missing;
    });
    const { _connect } = await import("./_amqp.js");
    const error: unknown = await _connect("amqp://127.0.0.1", "publishRecords", "x").catch((e: unknown) => e);
    expect(isProfileKitError(error) && error.code).toBe("invalid_options");
    expect(error instanceof Error && error.message).toBe("publishRecords: the amqplib package is needed for a url (npm install amqplib), or pass an open connection.");
    // vitest wraps the factory's throw in its own error; the loader's error is kept behind it.
    const cause = error instanceof Error ? error.cause : undefined;
    expect(cause instanceof Error && (cause === missing || cause.cause === missing)).toBe(true);
  });

  it("passes amqplib's own refusal through when the package is there but the broker is not", async () => {
    const { _connect } = await import("./_amqp.js");
    // Port 1 on the loopback: nothing listens there, on any machine this runs on.
    const error: unknown = await _connect("amqp://127.0.0.1:1", "consumeRecords", "x").catch((e: unknown) => e);
    expect(isProfileKitError(error)).toBe(false);
    expect(error instanceof Error && error.message).toMatch(/ECONNREFUSED/);
  });
});

describe("_sleep", () => {
  it("resolves after the given milliseconds, not before", async () => {
    vi.useFakeTimers();
    const { _sleep } = await import("./_amqp.js");
    let done = false;
    const sleeping = _sleep(50).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(49);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });
});
