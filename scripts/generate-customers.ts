// Writes a generated customer data set as NDJSON, streaming, so any size fits in constant memory.
//   npm run generate -- --entities 1000000 --seed 7 --out customers.ndjson [--no-truth] [--noise 1.5]
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { generateCustomerNdjson } from "profile-kit/testing";

const { values } = parseArgs({
  options: {
    entities: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    noise: { type: "string", default: "1" },
    out: { type: "string" },
    "no-truth": { type: "boolean", default: false },
  },
});

const lines = generateCustomerNdjson({
  entities: Number(values.entities),
  seed: Number(values.seed),
  noise: Number(values.noise),
  includeTruth: !values["no-truth"],
});
// Writing line by line costs a stream round trip per record; batches of about 1,000 lines do not.
function* batched(source: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  for (const line of source) {
    batch.push(line);
    if (batch.length === 1000) {
      yield batch.join("");
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join("");
}

const started = performance.now();
await pipeline(Readable.from(batched(lines)), values.out === undefined ? process.stdout : createWriteStream(values.out));
if (values.out !== undefined) {
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.error(`wrote ${values.entities} people to ${values.out} in ${seconds.toFixed(1)} s (peak memory ${peakMiB.toFixed(0)} MiB)`);
}
