// Direct tests of the guard against cleanseRecord results passed where records belong (issue #19).
import { describe, expect, it } from "vitest";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { _refuseCleansedResults } from "./_cleansedResult.js";

/** What the guard threw for `records`, as `code: message`; "no error" when it returned. */
function failure(records: readonly unknown[], functionName = "mergeRecords"): string {
  try {
    _refuseCleansedResults(functionName, records);
  } catch (error) {
    return isProfileKitError(error) ? `${error.code}: ${error.message}` : `not a ProfileKitError: ${String(error)}`;
  }
  return "no error";
}

const message = (functionName: string): string =>
  `invalid_options: ${functionName}: these are cleanseRecord results, not records. Pass cleanseRecords(...).records (the cleansed records themselves), or result.record for one result.`;
const result = { record: { id: "1", source: "crm" }, fields: {}, issues: [] };

describe("_refuseCleansedResults", () => {
  it("throws invalid_options, naming the function, when the first element has record, fields and issues", () => {
    expect(failure([result])).toBe(message("mergeRecords"));
    expect(failure([result, { id: "2" }], "resolveIdentities")).toBe(message("resolveIdentities"));
    expect(failure([{ record: [], fields: [], issues: [{ code: "x" }], extra: 1 }], "f")).toBe(message("f"));
  });

  it("returns for records, and for any first element that is not such a wrapper", () => {
    const cases: unknown[][] = [
      [],
      [{ id: "1", source: "crm" }],
      [{ id: "1" }, result],
      [null, result],
      [undefined],
      ["text"],
      [42],
      [[result]],
      [{ record: "x", fields: {}, issues: [] }],
      [{ record: null, fields: {}, issues: [] }],
      [{ record: {}, fields: "x", issues: [] }],
      [{ record: {}, fields: null, issues: [] }],
      [{ record: {}, fields: {}, issues: {} }],
      [{ record: {}, fields: {}, issues: "none" }],
      [{ record: {}, fields: {} }],
      [{ record: {}, issues: [] }],
      [{ fields: {}, issues: [] }],
      [Object.create(result) as unknown],
    ];
    for (const records of cases) expect(failure(records), JSON.stringify(records)).toBe("no error");
  });

  it("reads a first element whose getters throw as no wrapper", () => {
    const hostile = { get record(): never { throw new Error("trap"); }, fields: {}, issues: [] };
    expect(failure([hostile])).toBe("no error");
  });
});
