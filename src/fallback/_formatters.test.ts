// The built-in slot formatters, the previews' sample values and grapheme-safe truncation, read directly.
import { afterEach, describe, expect, it, vi } from "vitest";
import { _MAX_SLOT_TEXT_LENGTH, _buildFormatter, _sampleFor, _truncate } from "./_formatters.js";
import type { PersonalizeContext } from "./types.js";

// A fixed locale and zone: nothing here may depend on the machine or the process time zone.
const CONTEXT: PersonalizeContext = { now: 0, locale: "en-US", timeZone: "UTC" };
const at = (timeZone: string, locale = "en-US"): PersonalizeContext => ({ now: 0, locale, timeZone });
const NOT_A_DATE = { failed: "not_a_date" };
const NOT_A_NUMBER = { failed: "not_a_number" };
const WRONG_TYPE = { failed: "wrong_type" };
const TOO_LONG = { failed: "too_long" };
/** Longest text the date, number and currency formatters read (MAX_PARSED_LENGTH). */
const MAX_PARSED = 100;
/** Formatters a date or number slot keeps before it starts again (MAX_CACHED_FORMATTERS). */
const CACHE_CAP = 32;
/** More distinct locales than the cache holds. */
const LOCALES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-BR", "pt-PT", "sv-SE", "da-DK", "nb-NO", "fi-FI", "pl-PL", "cs-CZ", "hu-HU", "ro-RO", "el-GR", "tr-TR", "ru-RU", "uk-UA", "ja-JP", "ko-KR", "zh-CN", "zh-TW", "he-IL", "ar-EG", "hi-IN", "th-TH", "id-ID", "vi-VN", "en-AU", "en-CA"];

const graphemes = (): Intl.Segmenter => new Intl.Segmenter("en", { granularity: "grapheme" });

/** A spy on the constructor of Intl.NumberFormat or Intl.DateTimeFormat that still makes real formatters. */
function countConstructions(name: "NumberFormat" | "DateTimeFormat") {
  const original = Intl[name];
  // A function, not an arrow: the formatter under test calls it with new.
  return vi.spyOn(Intl, name).mockImplementation(function (...args: unknown[]): unknown {
    const made: unknown = Reflect.construct(original, args);
    return made;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("_sampleFor", () => {
  it("gives each built-in formatter a value it accepts, and text otherwise", () => {
    expect(_sampleFor({ type: "date" })).toBe("2024-03-14");
    expect(_sampleFor({ type: "currency", currency: "USD" })).toBe(42);
    expect(_sampleFor({ type: "number" })).toBe(42);
    expect(_sampleFor({ type: "name" })).toBe("Alex");
    expect(_sampleFor({ type: "text" })).toBe("Sample");
    expect(_sampleFor(undefined)).toBe("Sample");
    expect(_sampleFor(() => "x")).toBe("Sample");
  });
});

describe("default formatter (no format)", () => {
  const format = _buildFormatter(undefined);

  it("trims text and writes finite numbers and booleans as text", () => {
    expect(format("  Ann \n", CONTEXT)).toBe("Ann");
    expect(format(42.5, CONTEXT)).toBe("42.5");
    expect(format(true, CONTEXT)).toBe("true");
    expect(format(false, CONTEXT)).toBe("false");
  });

  it("refuses other values as wrong_type", () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, null, undefined, {}, ["a"], 1n]) expect(format(value, CONTEXT)).toEqual(WRONG_TYPE);
  });

  it("reads text up to _MAX_SLOT_TEXT_LENGTH, and one character more is too_long", () => {
    const limit = "x".repeat(_MAX_SLOT_TEXT_LENGTH);
    expect(format(limit, CONTEXT)).toBe(limit);
    expect(format(`${limit}x`, CONTEXT)).toEqual(TOO_LONG);
    // Measured before trimming: spaces count.
    expect(format(` ${limit}`, CONTEXT)).toEqual(TOO_LONG);
  });
});

describe("custom formatter", () => {
  it("passes the value and context through, and keeps the text it returns as it is", () => {
    const format = _buildFormatter((value, context) => ` ${String(value)} in ${context.timeZone} `);
    expect(format("Ann", at("Europe/Paris"))).toBe(" Ann in Europe/Paris ");
  });

  it("fails with formatter_result when the function returns blank text or no text", () => {
    expect(_buildFormatter(() => "")("Ann", CONTEXT)).toEqual({ failed: "formatter_result" });
    expect(_buildFormatter(() => " \t ")("Ann", CONTEXT)).toEqual({ failed: "formatter_result" });
    expect(_buildFormatter(() => 42 as unknown as string)("Ann", CONTEXT)).toEqual({ failed: "formatter_result" });
  });

  it("does not call the function for text longer than _MAX_SLOT_TEXT_LENGTH", () => {
    const seen: number[] = [];
    const format = _buildFormatter((value) => {
      seen.push(String(value).length);
      return "ok";
    });
    // At the limit the function runs; one past it, it is not called.
    expect(format("x".repeat(_MAX_SLOT_TEXT_LENGTH), CONTEXT)).toBe("ok");
    expect(format("x".repeat(_MAX_SLOT_TEXT_LENGTH + 1), CONTEXT)).toEqual(TOO_LONG);
    expect(seen).toEqual([_MAX_SLOT_TEXT_LENGTH]);
  });
});

describe("text formatter", () => {
  it("changes case as asked, and leaves it by default or with none", () => {
    expect(_buildFormatter({ type: "text" })(" mIxEd Case ", CONTEXT)).toBe("mIxEd Case");
    expect(_buildFormatter({ type: "text", case: "none" })("mIxEd", CONTEXT)).toBe("mIxEd");
    expect(_buildFormatter({ type: "text", case: "upper" })("mIxEd", CONTEXT)).toBe("MIXED");
    expect(_buildFormatter({ type: "text", case: "lower" })("mIxEd", CONTEXT)).toBe("mixed");
    expect(_buildFormatter({ type: "text", case: "title" })("mIxEd cASE", CONTEXT)).toBe("Mixed Case");
  });

  it("title case starts a word after a space, hyphen, apostrophe, typographic apostrophe or tab, and nowhere else", () => {
    const title = _buildFormatter({ type: "text", case: "title" });
    expect(title("anne marie", CONTEXT)).toBe("Anne Marie");
    expect(title("anne-marie", CONTEXT)).toBe("Anne-Marie");
    expect(title("o'neil", CONTEXT)).toBe("O'Neil");
    expect(title("d’arcy", CONTEXT)).toBe("D’Arcy");
    expect(title("anne\tmarie", CONTEXT)).toBe("Anne\tMarie");
    expect(title("anne.marie_lee/ÉLODIE", CONTEXT)).toBe("Anne.marie_lee/élodie");
  });

  it("refuses what the default formatter refuses", () => {
    const format = _buildFormatter({ type: "text", case: "upper", maxLength: 5 });
    expect(format(null, CONTEXT)).toEqual(WRONG_TYPE);
    expect(format("x".repeat(_MAX_SLOT_TEXT_LENGTH + 1), CONTEXT)).toEqual(TOO_LONG);
    expect(format(12, CONTEXT)).toBe("12");
  });

  it("keeps text of exactly maxLength characters and cuts one more, after casing", () => {
    const format = _buildFormatter({ type: "text", case: "upper", maxLength: 6 });
    expect(format("abcdef", CONTEXT)).toBe("ABCDEF");
    expect(format("abcdefg", CONTEXT)).toBe("ABCDE…");
    expect(_buildFormatter({ type: "text", maxLength: 3 })("e\u0301e\u0301e\u0301e\u0301", CONTEXT)).toBe("e\u0301e\u0301…");
  });

  it("does not segment text that fits in maxLength", () => {
    const segment = vi.spyOn(Intl.Segmenter.prototype, "segment");
    // Six characters in six: returned as they are. Without maxLength, nothing is cut either.
    expect(_buildFormatter({ type: "text", maxLength: 6 })("éàüöîç", CONTEXT)).toBe("éàüöîç");
    expect(_buildFormatter({ type: "text" })("é".repeat(500), CONTEXT)).toBe("é".repeat(500));
    expect(segment).not.toHaveBeenCalled();
    expect(_buildFormatter({ type: "text", maxLength: 5 })("éàüöîç", CONTEXT)).toBe("éàüö…");
    expect(segment).toHaveBeenCalled();
  });
});

describe("name formatter", () => {
  it("gives the display name, or the part asked for", () => {
    expect(_buildFormatter({ type: "name" })("bob jones", CONTEXT)).toBe("Bob Jones");
    // The part says which field the value is: particles are capitalised as in a full or last name.
    expect(_buildFormatter({ type: "name" })("van der berg", CONTEXT)).toBe("Van der Berg");
    expect(_buildFormatter({ type: "name", part: "full" })("van der berg", CONTEXT)).toBe("Van der Berg");
    expect(_buildFormatter({ type: "name", part: "first" })("van der berg", CONTEXT)).toBe("Van Der Berg");
    expect(_buildFormatter({ type: "name", part: "last" })("van der berg", CONTEXT)).toBe("van der Berg");
  });

  it("tells a placeholder from what is not a name, and refuses values that are not text", () => {
    const format = _buildFormatter({ type: "name" });
    expect(format("Test", CONTEXT)).toEqual({ failed: "placeholder" });
    expect(format("N/A", CONTEXT)).toEqual({ failed: "placeholder" });
    expect(format(42, CONTEXT)).toEqual(WRONG_TYPE);
    expect(format(null, CONTEXT)).toEqual(WRONG_TYPE);
  });

  it("reads text up to _MAX_SLOT_TEXT_LENGTH, and one character more is too_long", () => {
    const format = _buildFormatter({ type: "name" });
    // At the limit the name rules run (and find no name); one past it they do not.
    expect(format("a".repeat(_MAX_SLOT_TEXT_LENGTH), CONTEXT)).toEqual({ failed: "not_a_name" });
    expect(format("a".repeat(_MAX_SLOT_TEXT_LENGTH + 1), CONTEXT)).toEqual(TOO_LONG);
  });
});

describe("number formatter", () => {
  const format = _buildFormatter({ type: "number" });

  it("formats numbers and numeric text in the context's locale, or its own", () => {
    expect(format(1234.5, CONTEXT)).toBe("1,234.5");
    expect(format(1234.5, at("UTC", "de-DE"))).toBe("1.234,5");
    expect(_buildFormatter({ type: "number", locale: "de-DE" })(1234.5, CONTEXT)).toBe("1.234,5");
    expect(_buildFormatter({ type: "number", maximumFractionDigits: 1 })(3.14159, CONTEXT)).toBe("3.1");
    expect(format(3.14159, CONTEXT)).toBe("3.142");
  });

  it("reads text that is a plain decimal number, spaces around it allowed", () => {
    expect(format("1234", CONTEXT)).toBe("1,234");
    expect(format("-7", CONTEXT)).toBe("-7");
    expect(format("1.25", CONTEXT)).toBe("1.25");
    expect(format("-10.5", CONTEXT)).toBe("-10.5");
    expect(format(" 42 ", CONTEXT)).toBe("42");
  });

  it("refuses text JavaScript would read as a number but that is not a plain decimal", () => {
    // Each has a valid number at its start or its end: the pattern is anchored at both.
    for (const text of ["+5", "5e3", "1e5", "0x10", "1.", ".5", "1.2.3", "12abc", "abc12", "Infinity", "", "  "]) expect(format(text, CONTEXT)).toEqual(NOT_A_NUMBER);
  });

  it("refuses values that are not numbers or text, and numbers that are not finite", () => {
    for (const value of [true, false, null, undefined, [], [7], new Date(0), Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(format(value, CONTEXT)).toEqual(NOT_A_NUMBER);
  });

  it("reads text up to 100 characters, and one character more is too_long", () => {
    const limit = `${"0".repeat(MAX_PARSED - 1)}7`;
    expect(format(limit, CONTEXT)).toBe("7");
    expect(format(`0${limit}`, CONTEXT)).toEqual(TOO_LONG);
    expect(format("1".repeat(MAX_PARSED + 1), CONTEXT)).toEqual(TOO_LONG);
  });

  it("keeps one formatter per locale, and starts the cache again when it is full", () => {
    const expected = LOCALES.map((locale) => new Intl.NumberFormat(locale).format(1234.5));
    const made = countConstructions("NumberFormat");
    const number = _buildFormatter({ type: "number" });
    expect([number(1, at("UTC", "en-US")), number(2, at("UTC", "en-GB")), number(3, at("UTC", "en-US"))]).toEqual(["1", "2", "3"]);
    // en-US is still cached after en-GB.
    expect(made).toHaveBeenCalledTimes(2);

    made.mockClear();
    const fresh = _buildFormatter({ type: "number" });
    expect(LOCALES.map((locale) => fresh(1234.5, at("UTC", locale)))).toEqual(expected);
    expect(made).toHaveBeenCalledTimes(CACHE_CAP + 1);
    // The 33rd locale found the cache full and cleared it: the first is made again, the last is not.
    expect(fresh(1234.5, at("UTC", LOCALES[0] ?? ""))).toBe(expected[0]);
    expect(fresh(1234.5, at("UTC", LOCALES[CACHE_CAP] ?? ""))).toBe(expected[CACHE_CAP]);
    expect(made).toHaveBeenCalledTimes(CACHE_CAP + 2);
  });
});

describe("currency formatter", () => {
  it("formats amounts as the currency, in the context's locale or its own", () => {
    const usd = _buildFormatter({ type: "currency", currency: "USD" });
    expect(usd(42, CONTEXT)).toBe("$42.00");
    expect(usd("1234.5", CONTEXT)).toBe("$1,234.50");
    expect(usd("$5", CONTEXT)).toEqual(NOT_A_NUMBER);
    expect(_buildFormatter({ type: "currency", currency: "EUR", locale: "de-DE" })(42, CONTEXT)).toBe("42,00\u00a0€");
  });
});

describe("date formatter", () => {
  const medium = _buildFormatter({ type: "date" });

  it("writes a date in each style", () => {
    expect(medium("2024-03-14", CONTEXT)).toBe("Mar 14, 2024");
    expect(_buildFormatter({ type: "date", style: "medium" })("2024-03-14", CONTEXT)).toBe("Mar 14, 2024");
    expect(_buildFormatter({ type: "date", style: "short" })("2024-03-14", CONTEXT)).toBe("3/14/2024");
    expect(_buildFormatter({ type: "date", style: "long" })("2024-03-14", CONTEXT)).toBe("March 14, 2024");
    expect(_buildFormatter({ type: "date", style: "full" })("2024-03-14", CONTEXT)).toBe("Thursday, March 14, 2024");
    expect(_buildFormatter({ type: "date", locale: "de-DE" })("2024-03-14", CONTEXT)).toBe("14. März 2024");
    expect(medium("2024-03-14", at("UTC", "de-DE"))).toBe("14. März 2024");
  });

  it("shows a calendar date as written in every zone, even one that skipped that day", () => {
    expect(medium("2024-03-14", at("Pacific/Kiritimati"))).toBe("Mar 14, 2024");
    expect(medium("2024-03-14", at("Pacific/Pago_Pago"))).toBe("Mar 14, 2024");
    // Samoa went from December 29 to December 31, 2011; Kiritimati skipped December 31, 1994.
    expect(medium("2011-12-30", at("Pacific/Apia"))).toBe("Dec 30, 2011");
    expect(medium("1994-12-31", at("Pacific/Kiritimati"))).toBe("Dec 31, 1994");
    expect(medium("2024-02-29", at("Pacific/Kiritimati"))).toBe("Feb 29, 2024");
  });

  it("shows the years 0 to 99 as written, not as 1900 to 1999", () => {
    expect(medium("0099-03-14", CONTEXT)).toBe(medium("0099-03-14T00:00:00.000Z", CONTEXT));
    expect(medium("0099-03-14", CONTEXT)).not.toContain("1999");
    // Year 0 is a leap year of the proleptic Gregorian calendar.
    expect(medium("0000-02-29", CONTEXT)).not.toEqual(NOT_A_DATE);
  });

  it("refuses calendar dates that do not exist, whichever part is out of range", () => {
    // 2024-13-14 and 2024-00-14 roll over to a day with the same day of the month: only the month tells.
    for (const text of ["2024-02-30", "2023-02-29", "2024-04-31", "2024-03-00", "2024-13-14", "2024-00-14", "2024-03-99"]) expect(medium(text, CONTEXT)).toEqual(NOT_A_DATE);
  });

  it("refuses a calendar date with anything before or after it", () => {
    for (const text of ["x2024-03-14", "12024-03-14", "2024-03-14x", "2024-03-145", "abcd-ef-gh"]) expect(medium(text, CONTEXT)).toEqual(NOT_A_DATE);
  });

  it("shows a time in the zone: canonical UTC, with an offset, or read in the zone", () => {
    expect(medium("2024-03-14T23:30:00.000Z", CONTEXT)).toBe("Mar 14, 2024");
    expect(medium("2024-03-14T23:30:00.000Z", at("Asia/Tokyo"))).toBe("Mar 15, 2024");
    expect(medium("2024-03-14T23:30:00+02:00", CONTEXT)).toBe("Mar 14, 2024");
    expect(medium("2024-03-14T23:30:00+02:00", at("Pacific/Apia"))).toBe("Mar 15, 2024");
    expect(medium("2024-03-14T23:30", at("America/New_York"))).toBe("Mar 14, 2024");
    expect(_buildFormatter({ type: "date", timeZone: "Asia/Tokyo" })("2024-03-14T23:30:00.000Z", CONTEXT)).toBe("Mar 15, 2024");
    expect(medium("soon", CONTEXT)).toEqual(NOT_A_DATE);
  });

  it("reads text up to 100 characters, and one character more is too_long", () => {
    const limit = `2024-03-14${" ".repeat(MAX_PARSED - 10)}`;
    expect(medium(limit, CONTEXT)).toBe("Mar 14, 2024");
    expect(medium(`${limit} `, CONTEXT)).toEqual(TOO_LONG);
  });

  it("shows epoch milliseconds and Dates in the zone, up to the limit of Date", () => {
    expect(medium(0, CONTEXT)).toBe("Jan 1, 1970");
    expect(medium(0, at("America/New_York"))).toBe("Dec 31, 1969");
    expect(medium(new Date(Date.UTC(2024, 2, 14, 12)), CONTEXT)).toBe("Mar 14, 2024");
    // ±8.64e15 ms is the range of Date: the bound itself is a date, one millisecond past it is not.
    expect(medium(8.64e15, CONTEXT)).toBe("Sep 13, 275760");
    expect(typeof medium(-8.64e15, CONTEXT)).toBe("string");
    for (const value of [8.64e15 + 1, -8.64e15 - 1, Number.NaN, Number.POSITIVE_INFINITY, new Date(Number.NaN)]) expect(medium(value, CONTEXT)).toEqual(NOT_A_DATE);
  });

  it("refuses values that are neither text, numbers nor Dates", () => {
    for (const value of [true, null, undefined, {}, [2024, 3, 14]]) expect(medium(value, CONTEXT)).toEqual(WRONG_TYPE);
  });

  it("uses the formatter of each call's locale and zone, not the last one's", () => {
    const format = _buildFormatter({ type: "date" });
    expect(format(0, at("UTC"))).toBe("Jan 1, 1970");
    expect(format(0, at("America/New_York"))).toBe("Dec 31, 1969");
    expect(format(0, at("America/New_York", "de-DE"))).toBe("31. Dez. 1969");
    expect(format(0, at("UTC"))).toBe("Jan 1, 1970");
  });

  it("keeps one formatter per locale and zone, and starts the cache again when it is full", () => {
    const expected = LOCALES.map((locale) => new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(0));
    const made = countConstructions("DateTimeFormat");
    const format = _buildFormatter({ type: "date" });
    expect([format(0, at("UTC")), format(0, at("Asia/Tokyo")), format(0, at("UTC")), format(0, at("UTC"))]).toEqual(["Jan 1, 1970", "Jan 1, 1970", "Jan 1, 1970", "Jan 1, 1970"]);
    // UTC is still cached after Tokyo.
    expect(made).toHaveBeenCalledTimes(2);

    made.mockClear();
    const fresh = _buildFormatter({ type: "date" });
    expect(LOCALES.map((locale) => fresh(0, at("UTC", locale)))).toEqual(expected);
    expect(made).toHaveBeenCalledTimes(CACHE_CAP + 1);
    // The 33rd locale found the cache full and cleared it: the first is made again, the last is not.
    expect(fresh(0, at("UTC", LOCALES[0] ?? ""))).toBe(expected[0]);
    expect(fresh(0, at("UTC", LOCALES[CACHE_CAP] ?? ""))).toBe(expected[CACHE_CAP]);
    expect(made).toHaveBeenCalledTimes(CACHE_CAP + 2);
  });
});

describe("_truncate", () => {
  it("returns text of at most maxLength graphemes as it is", () => {
    expect(_truncate("abc", 3, graphemes())).toBe("abc");
    expect(_truncate("héllo", 10, graphemes())).toBe("héllo");
    expect(_truncate("e\u0301e\u0301e\u0301", 3, graphemes())).toBe("e\u0301e\u0301e\u0301");
    expect(_truncate("", 0, graphemes())).toBe("");
  });

  it("keeps maxLength - 1 graphemes and an ellipsis, without trailing spaces", () => {
    expect(_truncate("abcd", 3, graphemes())).toBe("ab…");
    expect(_truncate("hello world", 7, graphemes())).toBe("hello…");
    expect(_truncate(" hello", 3, graphemes())).toBe(" h…");
    expect(_truncate("é défg", 3, graphemes())).toBe("é…");
    expect(_truncate(" édéfg", 3, graphemes())).toBe(" é…");
    expect(_truncate("👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧", 2, graphemes())).toBe("👨‍👩‍👧…");
    // At least one grapheme is kept.
    expect(_truncate("abc", 1, graphemes())).toBe("a…");
    expect(_truncate("éabc", 0, graphemes())).toBe("é…");
  });

  it("cuts printable ASCII at a character, without segmenting", () => {
    const segmenter = graphemes();
    const segment = vi.spyOn(segmenter, "segment");
    expect(_truncate("abcdefgh", 4, segmenter)).toBe("abc…");
    // Only the first maxLength + 1 characters need to be ASCII.
    expect(_truncate("abcdefgh é", 4, segmenter)).toBe("abc…");
    expect(segment).not.toHaveBeenCalled();
    expect(_truncate("abcdé", 4, segmenter)).toBe("abc…");
    expect(segment).toHaveBeenCalled();
  });

  it("segments a window at a time, so the cost follows maxLength and not the length of the text", () => {
    const segmenter = graphemes();
    const segment = vi.spyOn(segmenter, "segment");
    expect(_truncate("é".repeat(1 << 20), 5, segmenter)).toBe("éééé…");
    const longest = Math.max(...segment.mock.calls.map(([input]) => input.length));
    // The default window of 256 code units, one more to finish a surrogate pair.
    expect(longest).toBeLessThanOrEqual(257);
  });

  it("counts graphemes across many small windows", () => {
    const text = "ééééé éé€€ab";
    expect(_truncate(text, 12, graphemes(), 4)).toBe(text);
    expect(_truncate(text, 11, graphemes(), 4)).toBe("ééééé éé€€…");
    expect(_truncate(text, 7, graphemes(), 4)).toBe("ééééé…");
    expect(_truncate(text, 3, graphemes(), 2)).toBe("éé…");
    expect(_truncate("e\u0301".repeat(9), 6, graphemes(), 3)).toBe("e\u0301".repeat(5) + "…");
  });

  it("never splits a surrogate pair at a window's edge, nor counts half a grapheme", () => {
    // a + U+101FD (a combining mark whose high surrogate is U+D800): one grapheme of three code units.
    const marked = "a\u{101FD}";
    expect(_truncate(marked.repeat(4), 3, graphemes(), 2)).toBe(marked.repeat(2) + "…");
    expect(_truncate(marked.repeat(3), 3, graphemes(), 2)).toBe(marked.repeat(3));
    // A skin tone (an emoji modifier, two code units) joins the emoji before it.
    const thumb = "👍🏻a";
    expect(_truncate(thumb.repeat(3), 5, graphemes(), 3)).toBe("👍🏻a👍🏻a…");
    // A window that ends just after a zero-width joiner must not count what is before it as a grapheme.
    const couple = "👨‍👩";
    expect(_truncate(couple.repeat(4), 3, graphemes(), 3)).toBe(couple.repeat(2) + "…");
    expect(_truncate(couple.repeat(3), 3, graphemes(), 3)).toBe(couple.repeat(3));
    expect(_truncate("🇬🇧🇫🇷🇩🇪🇮🇹", 3, graphemes(), 3)).toBe("🇬🇧🇫🇷…");
  });
});
