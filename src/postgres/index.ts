/**
 * profile-kit/postgres: a ProfileStore in PostgreSQL over node-postgres (`pg`, an optional peer dependency).
 */
export { postgresStore, type PgClient, type PgPool, type PgResult, type PostgresStore, type PostgresStoreOptions } from "./postgresStore.js";
