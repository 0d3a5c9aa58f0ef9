// A producer: publishes records to the queue the workers consume, with publisher confirms (nothing is lost
// between here and the broker).
//
//   npm run realtime:producer -- customers.ndjson     # one JSON record per line (a backfill)
//   npm run realtime:producer -- --generate 10000     # generated customers, seed 1
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { generateCustomerRecords } from "profile-kit/testing";
import { publishRecords } from "profile-kit/rabbitmq";
import { settings } from "./settings.js";

async function* ndjson(path: string): AsyncGenerator {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    try {
      yield JSON.parse(text) as unknown;
    } catch {
      throw new Error(`${path}:${line} is not JSON`);
    }
  }
}

function* generated(count: number): Generator {
  let n = 0;
  for (const { record } of generateCustomerRecords({ entities: Math.ceil(count / 2) + 1, seed: 1 })) {
    if (n++ >= count) return;
    yield record;
  }
}

const args = process.argv.slice(2);
const count = args[0] === "--generate" ? Number(args[1] ?? 1000) : null;
if ((count === null && args.length !== 1) || (count !== null && (!Number.isInteger(count) || count < 1))) {
  console.error("usage: producer.ts <file.ndjson> | --generate <count>");
  process.exit(2);
}
const started = performance.now();
try {
  const { published } = await publishRecords(count === null ? ndjson(args[0] as string) : generated(count), { url: settings.amqpUrl, queue: settings.queue });
  console.log(`published ${published} records to ${settings.queue} in ${((performance.now() - started) / 1000).toFixed(1)} s (all confirmed by the broker)`);
} catch (error) {
  // Records before the failure were published and confirmed; the message says where it stopped.
  console.error(`producer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
