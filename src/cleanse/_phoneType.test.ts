import { getCountries, getCountryCallingCode, parsePhoneNumberFromString as parseWith, type CountryCode, type PhoneNumber } from "libphonenumber-js/core";
import maxMetadata from "libphonenumber-js/max/metadata";
import examples from "libphonenumber-js/mobile/examples";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _parsePhone, _phoneTypeOf, _phoneValid } from "./_phoneType.js";

/** libphonenumber-js's own parse with the max metadata (what libphonenumber-js/max's parsePhoneNumberFromString is). */
function parsePhoneNumberFromString(text: string, country?: CountryCode): PhoneNumber | undefined {
  return country === undefined ? parseWith(text, maxMetadata) : parseWith(text, country, maxMetadata);
}

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
    for (const country of getCountries(maxMetadata)) {
      const example = (examples as Record<string, string | undefined>)[country];
      if (example === undefined) continue;
      for (const national of variants(example)) {
        for (const text of [`+${getCountryCallingCode(country, maxMetadata)}${national}`, national]) {
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

/** Everything of a parse normalizePhone and its callers read. */
function reading(parsed: PhoneNumber | undefined): unknown {
  if (parsed === undefined) return undefined;
  return {
    number: parsed.number,
    country: parsed.country,
    callingCode: parsed.countryCallingCode,
    national: parsed.nationalNumber,
    ext: parsed.ext,
    carrierCode: parsed.carrierCode,
    possible: parsed.isPossible(),
    valid: parsed.isValid(),
    type: parsed.getType(),
    international: parsed.formatInternational(),
  };
}

function parsesAlike(text: string, country: CountryCode | undefined): void {
  expect({ text, country, parsed: reading(_parsePhone(text, country)) }).toEqual({ text, country, parsed: reading(parsePhoneNumberFromString(text, country)) });
}

/** Countries that share a calling code with another, by code. */
function sharedCodes(): Map<string, CountryCode[]> {
  const byCode = new Map<string, CountryCode[]>();
  for (const country of getCountries(maxMetadata)) {
    const code = getCountryCallingCode(country, maxMetadata);
    byCode.set(code, [...(byCode.get(code) ?? []), country]);
  }
  for (const [code, countries] of byCode) if (countries.length < 2) byCode.delete(code);
  return byCode;
}

describe("_parsePhone (libphonenumber-js's parse, the country among a shared calling code chosen with compiled patterns)", () => {
  it("parses as libphonenumber-js does every country's example and its near misses, national and international", () => {
    const shared = sharedCodes();
    let checked = 0;
    let sharing = 0;
    for (const country of getCountries(maxMetadata)) {
      const example = (examples as Record<string, string | undefined>)[country];
      if (example === undefined) continue;
      const code = getCountryCallingCode(country, maxMetadata);
      // A national number read with its own country, and with every other country of its calling code as
      // the default (a Canadian number in a US address book).
      const defaults: (CountryCode | undefined)[] = [country, ...(shared.get(code) ?? []).filter((c) => c !== country)];
      for (const national of variants(example)) {
        parsesAlike(`+${code}${national}`, undefined);
        parsesAlike(`+${code} ${national} ext. 12`, country);
        for (const defaultCountry of defaults) parsesAlike(national, defaultCountry);
        checked++;
        if (shared.has(code)) sharing++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
    expect(sharing).toBeGreaterThan(500);
  });

  it("gives each North American number its own country (the US first, then Canada, Jamaica…)", () => {
    expect(_parsePhone("(212) 867-5309", "US")?.country).toBe("US");
    expect(_parsePhone("(416) 555-0143", "US")?.country).toBe("CA");
    expect(_parsePhone("+1 876 927 1234", undefined)?.country).toBe("JM");
    // Valid for no country of +1: libphonenumber leaves the country out, and so does this.
    expect(_parsePhone("+1 099 555 0143", undefined)?.country).toBeUndefined();
    for (const text of ["(212) 867-5309", "(416) 555-0143", "+1 876 927 1234", "+1 099 555 0143", "+44 1481 712345", "+7 701 123 4567"]) parsesAlike(text, "US");
  });

  it("parses as libphonenumber-js does random digits behind shared calling codes, and random text", () => {
    const codes = [...sharedCodes().keys()];
    const countries = [...new Set([...sharedCodes().values()].flat())];
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.stringMatching(/^[0-9]{2,14}$/), fc.constantFrom(...countries), (code, digits, country) => {
        parsesAlike(`+${code}${digits}`, undefined);
        parsesAlike(digits, country);
        parsesAlike(`0${digits}`, country);
      }),
      { numRuns: 4000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), fc.option(fc.constantFrom<CountryCode>("US", "GB", "CA", "DE", "RU"), { nil: undefined }), (text, country) => { parsesAlike(text, country); }),
      { numRuns: 2000 },
    );
  });
});
