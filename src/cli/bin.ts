#!/usr/bin/env node
// The `profile-kit` command (package.json `bin`). Everything it does is in main.ts, which tests drive.
import { runCli } from "./main.js";

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, isTTY: process.stderr.isTTY }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not a data or usage problem: the stack helps the report.
    process.stderr.write(`profile-kit: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
