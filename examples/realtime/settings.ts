// Where the real-time example finds its servers and what it calls things. Every setting is an environment
// variable with the local default of the README (PostgreSQL and RabbitMQ on this machine).
import { defineSchema, type Schema } from "profile-kit/engine";

export const settings: { readonly databaseUrl: string; readonly pgSchema: string; readonly amqpUrl: string; readonly queue: string } = {
  /** node-postgres connection string. */
  databaseUrl: process.env["DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test",
  /** The PostgreSQL schema holding profile-kit's tables. */
  pgSchema: process.env["PG_SCHEMA"] ?? "profile_kit",
  amqpUrl: process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672",
  queue: process.env["QUEUE"] ?? "profile-kit.records",
};

/** What a record looks like: the generated customers use the standard column names, so no mapping is needed. */
export const schema: Schema = defineSchema({});
