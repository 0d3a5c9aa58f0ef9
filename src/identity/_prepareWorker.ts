// A worker thread that prepares chunks of records for `_prepare` (see _threads.ts). Built as its own file,
// dist/identity/_prepareWorker.js, which the calling thread finds beside its own code.
import { workerData } from "node:worker_threads";
import { _features, type _NameMemo } from "./_prepare.js";
import { _serveChunks, type _WorkerSetup } from "./_threads.js";

const data: unknown = workerData;
if (typeof data === "object" && data !== null && (data as { marker?: unknown }).marker === "profile-kit/prepare") {
  // A worker serves one preparation: its names memo lasts as long.
  const names: _NameMemo = { first: new Map(), last: new Map() };
  _serveChunks(data as _WorkerSetup, (values, count, setup, tick) => _features(values, count, setup, tick, names));
}
