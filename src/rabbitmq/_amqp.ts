import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { AmqpConnection } from "./types.js";

/** Connects with amqplib (an optional peer dependency, loaded only here), under a connection name. */
export async function _connect(url: string, functionName: string, connectionName: string): Promise<AmqpConnection> {
  let amqp: { connect(url: string, options: { clientProperties: { connection_name: string } }): Promise<unknown> };
  try {
    amqp = await import("amqplib");
  } catch (error) {
    throw new ProfileKitError("invalid_options", `${functionName}: the amqplib package is needed for a url (npm install amqplib), or pass an open connection.`, { cause: error });
  }
  // The name operators see in the broker's connection list (and can close a connection by).
  return (await amqp.connect(url, { clientProperties: { connection_name: connectionName } })) as AmqpConnection;
}

export const _sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
