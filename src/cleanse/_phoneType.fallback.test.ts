import { describe, expect, it, vi } from "vitest";
import type * as Phone from "libphonenumber-js/core";
import maxMetadata from "libphonenumber-js/max/metadata";

// A libphonenumber-js whose numbering plans do not answer as _phoneType expects (as an upgrade might
// change them): the type and validity must then come from getType() and isValid() themselves.
vi.mock("libphonenumber-js/core", async (original) => {
  const real = await original<typeof Phone>();
  function Metadata(this: { numberingPlan: unknown; selectNumberingPlan: () => void }): void {
    this.numberingPlan = { nationalNumberPattern: () => 42 };
    this.selectNumberingPlan = () => {};
  }
  return { ...real, Metadata };
});

const core = await import("libphonenumber-js/core");
const parsePhoneNumberFromString = (text: string): Phone.PhoneNumber | undefined => core.parsePhoneNumberFromString(text, maxMetadata);
const { _parsePhone, _phoneTypeOf, _phoneValid } = await import("./_phoneType.js");
const { normalizePhone } = await import("./normalizePhone.js");

describe("_phoneTypeOf when the metadata's plans cannot be read", () => {
  it("falls back to libphonenumber-js's getType() and isValid()", () => {
    const mobile = parsePhoneNumberFromString("+447987932459");
    const bad = parsePhoneNumberFromString("+12125");
    if (mobile === undefined || bad === undefined) throw new Error("libphonenumber-js did not parse the test numbers");
    const getType = vi.spyOn(mobile, "getType");
    expect(_phoneTypeOf(mobile)).toBe("MOBILE");
    expect(getType).toHaveBeenCalledTimes(1);
    expect(_phoneTypeOf(bad)).toBeUndefined();
    const isValid = vi.spyOn(bad, "isValid");
    expect(_phoneValid(bad, undefined)).toBe(false);
    expect(isValid).toHaveBeenCalledTimes(1);
    expect(normalizePhone("07987 932459", { country: "GB" })).toMatchObject({ value: "+447987932459", type: "mobile", status: "fixed" });
    // Without readable plans the country among a shared calling code is libphonenumber's own choice.
    expect(_parsePhone("(416) 555-0143", "US")?.country).toBe("CA");
    expect(_parsePhone("+1 876 927 1234", undefined)?.country).toBe("JM");
    expect(normalizePhone("(212) 867-5309", { country: "US" })).toMatchObject({ value: "+12128675309", country: "US" });
  });
});
