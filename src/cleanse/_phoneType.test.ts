import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _phoneTypeOf, _phoneValid } from "./_phoneType.js";

/** Our compiled-pattern answer against libphonenumber-js's own, for one number. */
function agrees(parsed: PhoneNumber): void {
  const type = _phoneTypeOf(parsed);
  expect({ number: parsed.number, type }).toEqual({ number: parsed.number, type: parsed.getType() });
  expect({ number: parsed.number, valid: _phoneValid(parsed, type) }).toEqual({ number: parsed.number, valid: parsed.isValid() });
}

/** A national number and the near misses around it: each last digit, one digit fewer and one more, another first digit. */
function variants(national: string): string[] {
  const out = [national, national.slice(0, -1), `${national}5`, `${(Number(national[0]) + 1) % 10}${national.slice(1)}`];
  for (let d = 0; d <= 9; d++) out.push(`${national.slice(0, -1)}${d}`);
  return out;
}

describe("_phoneTypeOf and _phoneValid (libphonenumber-js's type and validity with patterns compiled once)", () => {
  it("answers as getType() and isValid() for every country's example number and its near misses", () => {
    let checked = 0;
    let typed = 0;
    for (const country of getCountries()) {
      const example = (examples as Record<string, string | undefined>)[country];
      if (example === undefined) continue;
      for (const national of variants(example)) {
        for (const text of [`+${getCountryCallingCode(country)}${national}`, national]) {
          const parsed = parsePhoneNumberFromString(text, country);
          if (parsed === undefined) continue;
          agrees(parsed);
          checked++;
          if (parsed.getType() !== undefined) typed++;
        }
      }
    }
    // Every country with an example was reached, and both answers (typed and not) were met many times.
    expect(checked).toBeGreaterThan(4000);
    expect(typed).toBeGreaterThan(1000);
    expect(checked - typed).toBeGreaterThan(1000);
  });

  it("tells fixed lines, mobiles, toll-free and fixed-line-or-mobile apart as libphonenumber-js does", () => {
    const cases: readonly (readonly [string, string])[] = [
      ["+12128675309", "FIXED_LINE_OR_MOBILE"],
      ["+442079460958", "FIXED_LINE"],
      ["+447987932459", "MOBILE"],
      ["+18005550199", "TOLL_FREE"],
      ["+4930123456", "FIXED_LINE"],
    ];
    for (const [text, type] of cases) {
      const parsed = parsePhoneNumberFromString(text) as PhoneNumber;
      expect(_phoneTypeOf(parsed)).toBe(type);
      agrees(parsed);
    }
    // A number its plan does not know: no type, not valid.
    const unknown = parsePhoneNumberFromString("+12125") as PhoneNumber;
    expect(_phoneTypeOf(unknown)).toBeUndefined();
    expect(_phoneValid(unknown, undefined)).toBe(false);
  });

  it("agrees on random digits behind calling codes that several countries share", () => {
    const codes = ["1", "7", "44", "47", "61", "212", "262", "290", "358", "590", "599"];
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.stringMatching(/^[0-9]{4,13}$/), (code, digits) => {
        const parsed = parsePhoneNumberFromString(`+${code}${digits}`);
        if (parsed !== undefined) agrees(parsed);
      }),
      { numRuns: 3000 },
    );
  });
});
