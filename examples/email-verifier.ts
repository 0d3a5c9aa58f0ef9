// An EmailVerifier for an HTTP verification API in the style of ZeroBounce / NeverBounce:
//   GET {endpoint}?api_key=…&email=…  →  { "status": "valid" | "invalid" | "catch-all" | "unknown", "sub_status": "…" }
// Adapt the status mapping to your vendor's documentation. profile-kit bounds every call with a timeout and
// turns failures into status "unknown", so this adapter can stay simple.
import type { EmailVerification, EmailVerifier } from "profile-kit";

export interface HttpEmailVerifierOptions {
  /** The vendor's validation endpoint. */
  readonly endpoint: string;
  /** Your API key (sent as a query parameter, as these vendors expect). */
  readonly apiKey: string;
}

const STATUS: Readonly<Record<string, EmailVerification["status"]>> = {
  valid: "deliverable",
  invalid: "undeliverable",
  "catch-all": "risky",
  spamtrap: "undeliverable",
  abuse: "risky",
  do_not_mail: "undeliverable",
  unknown: "unknown",
};

export function createHttpEmailVerifier(options: HttpEmailVerifierOptions): EmailVerifier {
  return {
    name: "http-verifier",
    async verify(email, { signal }) {
      const url = new URL(options.endpoint);
      url.searchParams.set("api_key", options.apiKey);
      url.searchParams.set("email", email);
      const response = await fetch(url, { signal, headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(`verification service answered HTTP ${response.status}`);
      const body = (await response.json()) as { status?: unknown; sub_status?: unknown };
      const status = typeof body.status === "string" ? STATUS[body.status] : undefined;
      if (status === undefined) throw new Error("verification service sent an unknown status");
      return typeof body.sub_status === "string" && body.sub_status !== "" ? { status, reason: body.sub_status } : { status };
    },
  };
}
