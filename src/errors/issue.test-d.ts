import { describe, expectTypeOf, it } from "vitest";
import type { Issue, IssueCode, IssueDetails, IssueOf } from "./issue.js";

describe("Issue", () => {
  it("is a union discriminated on code, and IssueCode lists every code", () => {
    expectTypeOf<IssueCode>().toEqualTypeOf<keyof IssueDetails>();
    expectTypeOf<"invalid_email">().toExtend<IssueCode>();
    expectTypeOf<IssueOf<"email_domain_typo">["suggestion"]>().toEqualTypeOf<string>();
    expectTypeOf<IssueOf<"too_long">>().toHaveProperty("maximum").toEqualTypeOf<number>();
    expectTypeOf<Issue["path"]>().toEqualTypeOf<readonly (string | number)[]>();
  });

  it("narrows on code", () => {
    const describe = (issue: Issue): number | string => {
      if (issue.code === "too_long") return issue.length;
      /* eslint-disable @typescript-eslint/no-unsafe-return -- the type error is the point of this test */
      // @ts-expect-error `length` exists only on too_long issues
      return issue.length;
      /* eslint-enable @typescript-eslint/no-unsafe-return */
    };
    expectTypeOf(describe).returns.toEqualTypeOf<number | string>();
  });
});
