// selectContent's setup errors (each message exact), what its reader hides from conditions, the context
// conditions receive, and the consent check's limits: the edges its mutation tests showed untested.
import { describe, expect, it } from "vitest";
import type { ContentCondition, ProfileReader } from "./conditions.js";
import { selectContent, type ContentRules } from "./selectContent.js";
import type { PersonalizeContext } from "./types.js";

const generic = { variants: [], generic: "hello" };
const message = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return `${(error as { code?: string }).code ?? "?"}: ${(error as Error).message}`;
  }
  return "no error";
};
const when: ContentCondition = () => true;

describe("selectContent: setup errors", () => {
  it("says what is wrong with the rules, naming the variant", () => {
    const bad = (rules: unknown): string => message(() => selectContent({ attributes: {} }, rules as ContentRules<string>));
    const shape = "invalid_options: selectContent: invalid options. rules must be { variants: [...], generic }.";
    expect(bad(null)).toBe(shape);
    expect(bad("rules")).toBe(shape);
    expect(bad({ generic: "x" })).toBe(shape);
    expect(bad({ variants: [] })).toBe("invalid_options: selectContent: invalid options. rules.generic is required: there must always be content to send.");
    expect(bad({ variants: [], generic: undefined })).toMatch(/rules\.generic is required/);
    expect(bad({ variants: [null], generic: "x" })).toBe("invalid_options: selectContent: invalid options. rules.variants.0.name must be a non-empty string.");
    expect(bad({ variants: [{ name: "", when, content: 1 }], generic: "x" })).toMatch(/rules\.variants\.0\.name must be a non-empty string/);
    expect(bad({ variants: [{ name: 7, when, content: 1 }], generic: "x" })).toMatch(/rules\.variants\.0\.name must be a non-empty string/);
    expect(bad({ variants: [{ name: "generic", when, content: 1 }], generic: "x" })).toBe('invalid_options: selectContent: invalid options. rules.variants.0.name "generic" is used twice (or is the reserved name "generic").');
    expect(bad({ variants: [{ name: "a", when, content: 1 }, { name: "a", when, content: 2 }], generic: "x" })).toMatch(/rules\.variants\.1\.name "a" is used twice/);
    const trap = new Proxy({}, { get: () => { throw new Error("trap"); }, has: () => { throw new Error("trap"); }, getOwnPropertyDescriptor: () => { throw new Error("trap"); } });
    let caught: unknown;
    try {
      selectContent({ attributes: {} }, trap as ContentRules<string>);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "invalid_options", message: "selectContent: rules could not be read." });
    expect((caught as { cause: Error }).cause.message).toBe("trap");
  });

  it("says what is wrong with the options", () => {
    const bad = (options: unknown): string => message(() => selectContent({ attributes: {} }, generic, options as never));
    expect(bad(null)).toBe("invalid_options: selectContent: invalid options. options must be an object.");
    expect(bad({ now: "someday" })).toBe("invalid_options: selectContent: invalid options. options.now must be a usable time.");
    expect(bad({ consentPath: "" })).toBe('invalid_options: selectContent: invalid options. options.consentPath must be a path such as "consent.email".');
    expect(bad({ consentPath: 5 })).toMatch(/options\.consentPath must be a path/);
    expect(bad({ consentPath: "consent.email" })).toBe("no error");
    const trap = new Proxy({}, { get: () => { throw new Error("trap"); } });
    let caught: unknown;
    try {
      selectContent({ attributes: {} }, generic, trap);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "invalid_options", message: "selectContent: options could not be read." });
    expect((caught as { cause: Error }).cause.message).toBe("trap");
  });
});

describe("selectContent: what conditions see", () => {
  /** Runs one variant whose condition records what it reads and the context it gets. */
  const seen = (profile: Parameters<typeof selectContent>[0], paths: readonly string[], options = {}): { values: unknown[]; observed: unknown[]; context: PersonalizeContext | null } => {
    const out = { values: [] as unknown[], observed: [] as unknown[], context: null as PersonalizeContext | null };
    const spy: ContentCondition = (reader: ProfileReader, context: PersonalizeContext) => {
      for (const path of paths) {
        out.values.push(reader.value(path));
        out.observed.push(reader.observedAt(path));
      }
      out.context = context;
      return false;
    };
    selectContent(profile, { variants: [{ name: "spy", when: spy, content: 1 }], generic: 0 }, options);
    return out;
  };

  it("hides null and blank text, keeps zero, false and text with spaces around it", () => {
    const profile = { attributes: { none: null, blank: "   ", zero: 0, no: false, text: " x ", nested: { tier: "" } } };
    expect(seen(profile, ["none", "blank", "zero", "no", "text", "nested.tier", "absent"]).values).toEqual([undefined, undefined, 0, false, " x ", undefined, undefined]);
  });

  it("hides every value of an erased profile and of a redacted attribute, nested paths included", () => {
    const attributes = { email: "a@example.com", address: { city: "Leeds" } };
    expect(seen({ attributes, erased: true }, ["email", "address.city"]).values).toEqual([undefined, undefined]);
    const redacted = seen({ attributes, redacted: ["address"] }, ["email", "address.city"]);
    expect(redacted.values).toEqual(["a@example.com", undefined]);
    expect(redacted.observed).toEqual([null, null]);
  });

  it("gives conditions the clock (zone-less times read in UTC), and en-US and UTC unless told otherwise", () => {
    expect(seen({ attributes: {} }, [], { now: "2026-06-01T00:00:00" }).context).toEqual({ now: Date.parse("2026-06-01T00:00:00Z"), locale: "en-US", timeZone: "UTC" });
    expect(seen({ attributes: {} }, [], { locale: "de-DE", timeZone: "Europe/Berlin" }).context).toEqual({ now: Number.NaN, locale: "de-DE", timeZone: "Europe/Berlin" });
  });
});

describe("selectContent: the consent check", () => {
  const rules = { variants: [{ name: "offer", when, content: "offer" }], generic: "generic" };
  const served = (consent: unknown): ReturnType<typeof selectContent> => selectContent({ attributes: { consent: { email: consent } } }, rules, { consentPath: "consent.email" });

  it("serves the variants on a yes or no answer, the generic content on a no", () => {
    expect(served("granted")).toMatchObject({ name: "offer", optedOut: false });
    expect(served(undefined)).toMatchObject({ name: "offer", optedOut: false });
    expect(served("opted_out")).toMatchObject({ name: "generic", optedOut: true });
  });

  it("takes an answer longer than any consent value (over 10,000 characters) as no yes", () => {
    expect(served("y".repeat(10_000))).toMatchObject({ optedOut: false });
    expect(served("y".repeat(10_001))).toMatchObject({ optedOut: true, name: "generic" });
  });

  it("reads a consent path named for the refusal word by word: optedOut true is an opt-out", () => {
    const at = (attributes: Record<string, unknown>, consentPath: string): boolean => selectContent({ attributes }, rules, { consentPath }).optedOut;
    expect(at({ optedOut: true }, "optedOut")).toBe(true);
    expect(at({ opted_out: "2024-03-01" }, "opted_out")).toBe(true);
    expect(at({ optedOut: false }, "optedOut")).toBe(false);
    expect(at({ adoptOutcome: true }, "adoptOutcome")).toBe(false);
  });

  it("takes a consent value whose getter throws as no yes", () => {
    const consent = { get email(): string { throw new Error("trap"); } };
    expect(selectContent({ attributes: { consent } }, rules, { consentPath: "consent.email" })).toMatchObject({ optedOut: true, name: "generic" });
  });
});
