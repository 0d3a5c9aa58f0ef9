import { describe, expect, it } from "vitest";
import { normalizeEmail } from "./normalizeEmail.js";

describe("normalizeEmail", () => {
  // [input, value, matchKey, issue codes]
  const table: readonly (readonly [unknown, string | null, string | null, readonly string[]])[] = [
    ["john.smith@gmail.com", "john.smith@gmail.com", "johnsmith@gmail.com", []],
    ["  John.Smith@GMAIL.com ", "john.smith@gmail.com", "johnsmith@gmail.com", []],
    ["John.Smith+newsletter@gmail.com", "john.smith+newsletter@gmail.com", "johnsmith@gmail.com", []],
    ["j.o.h.n.smith@googlemail.com", "j.o.h.n.smith@googlemail.com", "johnsmith@gmail.com", []],
    ["ann.lee+shop@outlook.com", "ann.lee+shop@outlook.com", "ann.lee@outlook.com", []],
    ["mary@gmial.com", "mary@gmial.com", "mary@gmail.com", ["email_domain_typo"]],
    ["mary@hotmial.com", "mary@hotmial.com", "mary@hotmail.com", ["email_domain_typo"]],
    ["r@yaho.com", "r@yaho.com", "r@yahoo.com", ["email_domain_typo"]],
    // No such top-level domain: undeliverable, with the suggestion matching reads.
    ["pete@gmail.con", null, "pete@gmail.com", ["invalid_email", "email_domain_typo"]],
    ["sales@acme.io", "sales@acme.io", "sales@acme.io", ["role_email"]],
    ["INFO@Acme.com", "info@acme.com", "info@acme.com", ["role_email"]],
    ["someone@mailinator.com", "someone@mailinator.com", "someone@mailinator.com", ["disposable_email"]],
    ["test@test.com", null, null, ["placeholder_value"]],
    ["noemail@gmail.com", null, null, ["placeholder_value"]],
    ["none@none.com", null, null, ["placeholder_value"]],
    ["user@example.com", null, null, ["invalid_email"]],
    ["josé@bücher.de", "josé@xn--bcher-kva.de", "josé@xn--bcher-kva.de", []],
    ["mailto:Ann@Example.org", null, null, ["invalid_email"]],
    ["mailto:ann@acme.co.uk", "ann@acme.co.uk", "ann@acme.co.uk", []],
    ["john smith@gmail.com", null, null, ["invalid_email"]],
    ["john..smith@gmail.com", null, null, ["invalid_email"]],
    [".john@gmail.com", null, null, ["invalid_email"]],
    ["john@", null, null, ["invalid_email"]],
    ["@gmail.com", null, null, ["invalid_email"]],
    ["john.gmail.com", null, null, ["invalid_email"]],
    ["john@localhost", null, null, ["invalid_email"]],
    ["john@-acme.com", null, null, ["invalid_email"]],
    [`${"a".repeat(65)}@acme.com`, null, null, ["invalid_email"]],
    ["o'reilly@acme.com", "o'reilly@acme.com", "o'reilly@acme.com", []],
    ["john@acme.com.", "john@acme.com", "john@acme.com", []],
    [12345, null, null, ["invalid_type"]],
    [{ email: "a@b.com" }, null, null, ["invalid_type"]],
    [null, null, null, []],
    ["   ", null, null, []],
  ];

  for (const [input, value, matchKey, codes] of table) {
    it(`standardises ${JSON.stringify(input)}`, () => {
      const result = normalizeEmail(input);
      expect(result.value).toBe(value);
      expect(result.matchKey).toBe(matchKey);
      expect(result.issues.map((issue) => issue.code)).toEqual(codes);
      expect(result.original).toBe(input);
    });
  }

  it("never rewrites where mail goes: a typo is a suggestion, not a change", () => {
    const result = normalizeEmail("Mary@Gmial.com");
    expect(result.value).toBe("mary@gmial.com");
    expect(result.suggestion).toBe("gmail.com");
    expect(result.issues[0]).toMatchObject({ code: "email_domain_typo", suggestion: "gmail.com", severity: "warning" });
  });

  it("flags free providers, roles and disposables", () => {
    expect(normalizeEmail("a@gmail.com").freeProvider).toBe(true);
    expect(normalizeEmail("a@acme.com").freeProvider).toBe(false);
    expect(normalizeEmail("support@acme.com").role).toBe(true);
    expect(normalizeEmail("a@mailinator.com").disposable).toBe(true);
    expect(normalizeEmail("test@test.com").placeholder).toBe(true);
  });

  it("reports statuses: valid when already standard, fixed when changed, invalid, missing", () => {
    expect(normalizeEmail("a@acme.com").status).toBe("valid");
    expect(normalizeEmail(" A@acme.com").status).toBe("fixed");
    expect(normalizeEmail("a@").status).toBe("invalid");
    expect(normalizeEmail(undefined).status).toBe("missing");
  });

  it("puts the given path on issues and never the address in a message", () => {
    const result = normalizeEmail("secret.person@gmial.com", { path: ["records", 3, "email"] });
    for (const issue of result.issues) {
      expect(issue.path).toEqual(["records", 3, "email"]);
      expect(issue.message).not.toContain("secret");
    }
  });

  it("refuses a 1 MB value without processing it", () => {
    const result = normalizeEmail(`${"a".repeat(1_000_000)}@acme.com`);
    expect(result.value).toBeNull();
    expect(result.issues[0]?.code).toBe("too_long");
  });

  describe("top-level domains that do not exist (IANA list)", () => {
    it("marks an unknown top-level domain invalid, with a suggestion when one is close", () => {
      const cases: readonly (readonly [string, string | null])[] = [
        ["username@domain.com©", "domain.com"],
        ["jo@gmail.cöm", "gmail.com"],
        ["a@acme.comn", "acme.com"],
        ["a@acme.clom", "acme.com"],
        ["a@acme.cok", "acme.com"],
        ["a@acme.ney", "acme.net"],
        ["a@acme.comau", "acme.com.au"],
        ["a@acme.couk", "acme.co.uk"],
        ["a@gmial.con", "gmail.com"],
        ["a@acme.qwertyuiop", null],
      ];
      for (const [input, suggestion] of cases) {
        const result = normalizeEmail(input);
        expect(result.status, input).toBe("invalid");
        expect(result.value, input).toBeNull();
        expect(result.issues[0], input).toMatchObject({ code: "invalid_email", reason: "unknown_top_level_domain" });
        expect(result.suggestion, input).toBe(suggestion);
      }
    });

    it("never corrects a real country's domain, nor a real domain", () => {
      const real = [
        "a@acme.ne", "a@acme.et", "a@acme.om", "a@acme.cm", "a@acme.co", "a@acme.mn", "a@aa.com", "a@ge.com", "a@hp.com", "a@ibm.com",
        "a@ups.com", "a@bbc.co.uk", "a@cnn.com", "a@mit.edu", "a@gm.com", "a@me.com", "a@mac.com", "a@msn.com", "a@att.net", "a@sky.com",
        "a@gmx.de", "a@gmx.net", "a@web.de", "a@mail.ru", "a@ya.ru", "a@qq.com", "a@163.com", "a@aim.com", "a@cox.net", "a@shaw.ca",
        "a@yahoo.co.uk", "a@ymail.com", "a@proton.me", "a@pm.me", "a@hey.com", "a@zoho.com", "a@naver.com", "a@uol.com.br", "a@wp.pl",
        "a@o2.pl", "a@seznam.cz", "a@free.fr", "a@orange.fr", "a@libero.it", "a@bigpond.com", "a@nyu.edu", "a@ox.ac.uk", "a@anu.edu.au",
        "a@пример.рф", "a@acme.museum", "a@acme.photography", "a@acme.xn--p1ai",
      ];
      for (const input of real) {
        const result = normalizeEmail(input);
        expect(result.suggestion, input).toBeNull();
        expect(result.value, input).not.toBeNull();
      }
    });

    it("suggests a provider's home for the right name at the wrong top-level domain, and two-edit typos of short provider names", () => {
      for (const [input, home] of [["a@gmail.net", "gmail.com"], ["a@aol.net", "aol.com"], ["a@icloud.net", "icloud.com"], ["a@outlook.net", "outlook.com"], ["a@yho.com", "yahoo.com"], ["a@aho.com", "yahoo.com"], ["a@htomali.com", "hotmail.com"]] as const) {
        const result = normalizeEmail(input);
        // The address is deliverable as written: only a suggestion, never a rewrite.
        expect(result.value, input).toBe(input);
        expect(result.suggestion, input).toBe(home);
        expect(result.matchKey, input).toBe(`a@${home}`);
      }
    });
  });
});
