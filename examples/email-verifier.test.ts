// The example verifier against a real HTTP server on loopback, through profile-kit's verifyEmails.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cleanseRecords, verifyEmails, type VerifiedField } from "profile-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpEmailVerifier } from "./email-verifier.js";

let server: Server;
let endpoint = "";
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const email = url.searchParams.get("email") ?? "";
    requests.push(email);
    if (url.searchParams.get("api_key") !== "secret") {
      response.writeHead(401).end();
      return;
    }
    if (email.startsWith("slow")) return; // never answers: the caller's timeout must fire
    if (email.startsWith("error")) {
      response.writeHead(500).end();
      return;
    }
    const status = email.startsWith("gone") ? { status: "invalid", sub_status: "mailbox_not_found" } : email.startsWith("any") ? { status: "catch-all" } : { status: "valid" };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(status));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/validate`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("example HTTP email verifier", () => {
  it("verifies each distinct address once over HTTP, with timeouts and failures kept as unknown", async () => {
    const { results: records } = cleanseRecords([
      { email: "ann@acme.com" },
      { email: "ANN@acme.com" },
      { email: "gone@acme.com" },
      { email: "any@acme.com" },
      { email: "slow@acme.com" },
      { email: "error@acme.com" },
      { email: "not an email" },
    ]);
    const verifier = createHttpEmailVerifier({ endpoint, apiKey: "secret" });
    const result = await verifyEmails(records, verifier, { timeoutMs: 2000, concurrency: 3 });
    expect([...requests].sort()).toEqual(["ann@acme.com", "any@acme.com", "error@acme.com", "gone@acme.com", "slow@acme.com"]);
    const statuses = result.records.map((record) => (record.fields["email"] as Partial<VerifiedField> | undefined)?.verification?.status);
    expect(statuses).toEqual(["deliverable", "deliverable", "undeliverable", "risky", "unknown", "unknown", undefined]);
    expect(result.records).toHaveLength(7);
    expect(result.stats).toMatchObject({ calls: 5, timedOut: 1, failed: 1 });
  });

  it("counts a rejected API key as a failed verification, not a crash", async () => {
    const { results: records } = cleanseRecords([{ email: "bea@acme.com" }]);
    const result = await verifyEmails(records, createHttpEmailVerifier({ endpoint, apiKey: "wrong" }));
    expect(result.records[0]?.issues.at(-1)).toMatchObject({ code: "verification_failed", reason: "error" });
  });
});
