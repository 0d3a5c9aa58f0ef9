import { describe, expect, it, vi } from "vitest";
import type * as Phone from "libphonenumber-js/core";
import maxMetadata from "libphonenumber-js/max/metadata";

// libphonenumber-js/core as it is, with its parse and getType() counted: the quick paths must be the ones
// taken (a plan misread falls back to libphonenumber's own answers, right but slow, which no other test sees).
const calls = { fullParses: 0, quickParses: 0, getType: 0 };
vi.mock("libphonenumber-js/core", async (original) => {
  const real = await original<typeof Phone>();
  function parsePhoneNumberFromString(...args: unknown[]): Phone.PhoneNumber | undefined {
    if (args.at(-1) === maxMetadata) calls.fullParses++;
    else calls.quickParses++;
    const parsed = (real.parsePhoneNumberFromString as (...a: unknown[]) => Phone.PhoneNumber | undefined)(...args);
    if (parsed !== undefined) {
      const getType = parsed.getType.bind(parsed);
      parsed.getType = () => {
        calls.getType++;
        return getType();
      };
    }
    return parsed;
  }
  return { ...real, parsePhoneNumberFromString };
});

const { _parsePhone, _phoneTypeOf, _phoneValid } = await import("./_phoneType.js");

function count(work: () => void): typeof calls {
  calls.fullParses = 0;
  calls.quickParses = 0;
  calls.getType = 0;
  work();
  return { ...calls };
}

describe("_parsePhone and _phoneTypeOf take their quick paths", () => {
  // Russia, the main country of +7, is told by its leading digits (3, 4, 8, 9), Kazakhstan by its own (7).
  it("reads a number of a calling code's main country (or of a code no other country has) in one quick parse", () => {
    for (const [text, country] of [["(212) 867-5309", "US"], ["+1 212 867 5309", undefined], ["+44 20 7946 0958", undefined], ["+49 30 123456", undefined], ["07987 932459", "GB"], ["+7 495 123 45 67", undefined]] as const) {
      expect({ text, calls: count(() => {
        const parsed = _parsePhone(text, country);
        if (parsed === undefined) throw new Error(`${text} did not parse`);
        _phoneValid(parsed, _phoneTypeOf(parsed));
      }) }).toEqual({ text, calls: { fullParses: 0, quickParses: 1, getType: 0 } });
    }
  });

  it("chooses another country of a shared calling code by leading digits or patterns, in the same quick parse", () => {
    // Jamaica and Kazakhstan by their leading digits (876, 7), Canada by its patterns; a +1 number valid
    // nowhere (rare) is read again the ordinary way: its country depends on how it was written.
    expect(count(() => { expect(_parsePhone("+1 876 927 1234", undefined)?.country).toBe("JM"); })).toEqual({ fullParses: 0, quickParses: 1, getType: 0 });
    expect(count(() => { expect(_parsePhone("(416) 555-0143", "US")?.country).toBe("CA"); })).toEqual({ fullParses: 0, quickParses: 1, getType: 0 });
    expect(count(() => { expect(_parsePhone("+7 701 123 4567", undefined)?.country).toBe("KZ"); })).toEqual({ fullParses: 0, quickParses: 1, getType: 0 });
    expect(count(() => { expect(_parsePhone("+1 099 555 0143", undefined)?.country).toBeUndefined(); })).toEqual({ fullParses: 1, quickParses: 1, getType: 0 });
    expect(count(() => { expect(_parsePhone("099 555 0143", "CA")?.country).toBe("CA"); })).toEqual({ fullParses: 1, quickParses: 1, getType: 0 });
    // Nothing to read: the ordinary parse is asked too, and agrees.
    expect(count(() => { expect(_parsePhone("phone", "US")).toBeUndefined(); })).toEqual({ fullParses: 1, quickParses: 1, getType: 0 });
  });
});
