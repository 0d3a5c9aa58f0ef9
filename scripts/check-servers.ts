// CI: the servers the tests need must answer before the tests start, so that a missing one is one clear
// line here rather than failures in several suites. Exits 1 naming each server that does not answer.
import { postgresProblem, rabbitProblem } from "../test/support/servers.js";

const problems = [await postgresProblem(), await rabbitProblem()].filter((problem) => problem !== "");
for (const problem of problems) console.error(`check-servers: ${problem}`);
if (problems.length === 0) console.log("check-servers: PostgreSQL and RabbitMQ answer");
process.exit(problems.length === 0 ? 0 : 1);
