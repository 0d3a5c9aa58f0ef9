// Runs one benchmark case at one size and prints its measurements as JSON on the last line.
import { cases } from "./cases.js";

const [name, sizeText] = process.argv.slice(2);
const bench = cases.find((c) => c.name === name);
if (bench === undefined || sizeText === undefined) throw new Error(`unknown case ${String(name)}`);
const size = Number(sizeText);
const prepared = bench.prepare?.(size);
globalThis.gc?.();
const started = performance.now();
const result = bench.runAsync !== undefined ? await bench.runAsync(size, prepared) : bench.run?.(size, prepared);
if (result === undefined) throw new Error(`case ${bench.name} has neither run nor runAsync`);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, ...result, peakMiB: process.resourceUsage().maxRSS / 1024 }));
