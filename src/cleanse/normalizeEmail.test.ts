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
        ["a@acme.c©o", "acme.co"],
        ["a@acme.netau", "acme.net.au"],
        ["a@acme.orguk", "acme.org.uk"],
        ["a@acme.acuk", "acme.ac.uk"],
        ["a@acme.govau", "acme.gov.au"],
        ["a@acme.eduau", "acme.edu.au"],
        ["a@acme.vom", "acme.com"],
        ["a@aol.nett", "aol.com"],
        // The second part is a real top-level domain, but the first is not one of the joined ones.
        ["a@acme.xyzde", null],
        ["a@acme.comxyz", null],
      ];
      for (const [input, suggestion] of cases) {
        const result = normalizeEmail(input);
        expect(result.status, input).toBe("invalid");
        expect(result.value, input).toBeNull();
        expect(result.issues[0], input).toMatchObject({ code: "invalid_email", reason: "unknown_top_level_domain" });
        expect(result.issues.map((issue) => issue.code), input).toEqual(suggestion === null ? ["invalid_email"] : ["invalid_email", "email_domain_typo"]);
        expect(result.suggestion, input).toBe(suggestion);
        expect(result.matchKey, input).toBe(suggestion === null ? null : `${input.slice(0, input.lastIndexOf("@"))}@${suggestion}`);
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

  describe("why an address is refused, and every flag (mutation testing, issue #19)", () => {
    /** Everything a caller reads, with each issue as code:reason. */
    const summary = (input: unknown) => {
      const r = normalizeEmail(input);
      const issues = r.issues.map((issue) => ("reason" in issue ? `${issue.code}:${issue.reason}` : issue.code));
      return { value: r.value, status: r.status, issues, matchKey: r.matchKey, domain: r.domain, suggestion: r.suggestion, disposable: r.disposable, role: r.role, freeProvider: r.freeProvider, placeholder: r.placeholder };
    };
    const refused = (reason: string) => ({ value: null, status: "invalid", issues: [`invalid_email:${reason}`], matchKey: null, domain: null, suggestion: null, disposable: false, role: false, freeProvider: false, placeholder: false });
    const kept = (address: string, extra: Partial<ReturnType<typeof summary>> = {}) => ({ value: address, status: "valid", issues: [], matchKey: address, domain: address.slice(address.lastIndexOf("@") + 1), suggestion: null, disposable: false, role: false, freeProvider: false, placeholder: false, ...extra });

    it("names the reason of each refusal (each check is the one that decides)", () => {
      const cases: readonly (readonly [string, string])[] = [
        ["john.gmail.com", "missing_at"],
        ["@gmail.com", "empty_local_part"],
        ["john smith@gmail.com", "invalid_local_part"],
        [".john@gmail.com", "invalid_local_part"],
        ["<>@acme.com", "invalid_local_part"],
        ["a.<>@acme.com", "invalid_local_part"],
        // "mailto:" is dropped only at the start.
        ["xmailto:ann@acme.com", "invalid_local_part"],
        ["john@", "invalid_domain"],
        ["john@-acme.com", "invalid_domain"],
        ["a@bücher.de/x", "invalid_domain"],
        ["john@localhost", "missing_top_level_domain"],
        ["john@acme", "missing_top_level_domain"],
        ["a@acme.1com", "missing_top_level_domain"],
        ["a@acme.com1", "missing_top_level_domain"],
        ["a@acme.c0m", "missing_top_level_domain"],
        ["a@x.test", "reserved_domain"],
        ["a@acme.example", "reserved_domain"],
        ["a@acme.invalid", "reserved_domain"],
        ["a@my.localhost", "reserved_domain"],
        ["a@acme.local", "reserved_domain"],
        ["user@example.com", "reserved_domain"],
        ["a@example.net", "reserved_domain"],
        ["a@example.org", "reserved_domain"],
        [`${"a".repeat(65)}@acme.com`, "local_part_too_long"],
      ];
      for (const [input, reason] of cases) expect(summary(input), input).toEqual(refused(reason));
    });

    it("measures a local part in UTF-8 bytes: 64 is the limit, whatever the characters", () => {
      // Each at the edge of its UTF-8 length: U+0800 (3 bytes), U+FF41 (3 bytes, above the surrogates),
      // U+10000 (4 bytes, the first surrogate pair).
      for (const [char, fits] of [["a", 64], ["é", 32], ["中", 21], ["𝒜", 16], ["\u0800", 21], ["ａ", 21], ["\u{10000}", 16]] as const) {
        const longest = `${char.repeat(fits)}@acme.com`;
        expect(summary(longest).value, longest).toBe(longest);
        expect(summary(`${char.repeat(fits + 1)}@acme.com`), char).toEqual(refused("local_part_too_long"));
      }
      // The last high surrogate (U+10FC00, not a letter): 64 bytes, refused for its characters, not its length.
      expect(summary(`${"\u{10FC00}".repeat(16)}@acme.com`)).toEqual(refused("invalid_local_part"));
    });

    it("measures the domain after punycode, and the address as a whole", () => {
      // 40 one-letter labels of "ü" are 79 characters as written, 319 as punycode.
      expect(summary(`a@${Array.from({ length: 40 }, () => "ü").join(".")}.de`)).toEqual(refused("domain_too_long"));
      // A 253-character punycode domain is a valid domain, but no address with it fits in 254 characters.
      const domain253 = `${Array.from({ length: 30 }, () => "ü").join(".")}.üa.com`;
      expect(new URL(`http://${domain253}/`).hostname).toHaveLength(253);
      expect(summary(`a@${domain253}`)).toEqual(refused("too_long"));
      // Exactly 254 characters is allowed (64 + 1 + 189).
      const longest = `${"a".repeat(64)}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(57)}.com`;
      expect(longest).toHaveLength(254);
      expect(summary(longest)).toEqual(kept(longest));
    });

    it("keeps unusual but valid addresses", () => {
      expect(summary("ann@mail.x.org")).toEqual(kept("ann@mail.x.org"));
      // A local part that is only a tag is its own mailbox.
      expect(summary("+news@acme.com")).toEqual(kept("+news@acme.com"));
      expect(summary("josé.müller@bücher.de")).toEqual({ ...kept("josé.müller@xn--bcher-kva.de"), status: "fixed" });
      // Free providers are flagged, and a placeholder word at one is a person's choice, not a placeholder.
      expect(summary("test@gmail.com")).toEqual(kept("test@gmail.com", { freeProvider: true }));
      expect(summary("xnoemail@gmail.com")).toEqual(kept("xnoemail@gmail.com", { freeProvider: true }));
      expect(summary("noemailx@gmail.com")).toEqual(kept("noemailx@gmail.com", { freeProvider: true }));
      expect(summary("sales@acme.io")).toEqual({ ...kept("sales@acme.io", { role: true }), issues: ["role_email"] });
      // A parent domain on the disposable list makes its subdomains disposable.
      expect(summary("ann@sub.mailinator.com")).toEqual({ ...kept("ann@sub.mailinator.com", { disposable: true }), issues: ["disposable_email"] });
    });

    it("finds placeholders by domain, by a placeholder word at a company or repeated as the domain, and by 'no email' words", () => {
      const placeholder = (domain: string) => ({ value: null, status: "invalid", issues: ["placeholder_value"], matchKey: null, domain, suggestion: null, disposable: false, role: false, freeProvider: false, placeholder: true });
      expect(summary("ann@test.com")).toEqual(placeholder("test.com"));
      expect(summary("test@acme.com")).toEqual(placeholder("acme.com"));
      expect(summary("asdf@asdf.net")).toEqual(placeholder("asdf.net"));
      // At a free provider only when the provider's name is a placeholder word too.
      expect(summary("email@email.com")).toEqual(placeholder("email.com"));
      expect(summary("test@email.com")).toEqual(placeholder("email.com"));
      expect(summary("nomail@gmail.com")).toEqual(placeholder("gmail.com"));
      expect(summary("no-e-mail@gmail.com")).toEqual(placeholder("gmail.com"));
      expect(summary("noemail123@gmail.com")).toEqual(placeholder("gmail.com"));
      expect(summary("declined7@gmail.com")).toEqual(placeholder("gmail.com"));
      // "no" is a placeholder word too (no@email.com, typed into forms), but no@gmail.com is someone's choice.
      expect(summary("no@email.com")).toEqual(placeholder("email.com"));
      expect(summary("no@acme.com")).toEqual(placeholder("acme.com"));
      expect(summary("no@gmail.com")).toEqual(kept("no@gmail.com", { freeProvider: true }));
      expect(summary("noah@email.com")).toEqual(kept("noah@email.com", { freeProvider: true }));
    });

    it("reads a mistyped top-level domain of a provider as the provider's, and leaves regional and short domains alone", () => {
      expect(summary("a@gmx.cm")).toEqual({ ...kept("a@gmx.cm"), issues: ["email_domain_typo"], suggestion: "gmx.com", matchKey: "a@gmx.com" });
      for (const input of ["a@mail.gmx.cm", "a@yahoo.com.mx", "a@li.com", "a@acme.cm"]) expect(summary(input), input).toEqual(kept(input));
    });

    it("shares one frozen result for absent and null values", () => {
      expect(normalizeEmail(undefined)).toBe(normalizeEmail(undefined));
      expect(normalizeEmail(null)).toBe(normalizeEmail(null));
      expect(Object.isFrozen(normalizeEmail(undefined))).toBe(true);
      expect(normalizeEmail(null).original).toBeNull();
      expect(normalizeEmail(undefined).status).toBe("missing");
    });

    it("names itself in option errors", () => {
      expect(() => normalizeEmail("a@acme.com", { pathx: [] } as never)).toThrow(/^normalizeEmail: /);
      expect(() => normalizeEmail("a@acme.com", { path: "email" } as never)).toThrow(/^normalizeEmail: /);
      const throwing = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
      expect(() => normalizeEmail("a@acme.com", throwing)).toThrow(/^normalizeEmail: invalid options/);
    });
  });
});
