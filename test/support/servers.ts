// Test support: where the tests find PostgreSQL and RabbitMQ, and whether they answer. Defaults are the
// CI machine's servers; PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and AMQP_URL override them.
import amqp from "amqplib";
import pg from "pg";

/** node-postgres settings of the test server. */
export const POSTGRES: { host: string; port: number; user: string; database: string; password?: string; connectionTimeoutMillis: number } = {
  host: process.env["PGHOST"] ?? "127.0.0.1",
  port: Number(process.env["PGPORT"] ?? 5432),
  user: process.env["PGUSER"] ?? "postgres",
  database: process.env["PGDATABASE"] ?? "test",
  ...(process.env["PGPASSWORD"] === undefined ? {} : { password: process.env["PGPASSWORD"] }),
  connectionTimeoutMillis: 3_000,
};

/** The RabbitMQ url of the test broker. */
export const AMQP_URL: string = process.env["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672";

/** Why PostgreSQL cannot be used ("" when it answers). */
export async function postgresProblem(): Promise<string> {
  try {
    const probe = new pg.Client(POSTGRES);
    await probe.connect();
    await probe.end();
    return "";
  } catch (error) {
    return `no PostgreSQL at ${POSTGRES.host}:${POSTGRES.port}, database ${POSTGRES.database} (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Why RabbitMQ cannot be used ("" when it answers). */
export async function rabbitProblem(): Promise<string> {
  try {
    const probe = await amqp.connect(AMQP_URL);
    await probe.close();
    return "";
  } catch (error) {
    return `no RabbitMQ at ${AMQP_URL.replace(/\/\/[^@]*@/, "//")} (${error instanceof Error ? error.message : String(error)})`;
  }
}
