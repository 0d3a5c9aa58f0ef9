import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { _specSchema, CleanseSpec } from "./compileCleanseSpec.js";

describe("CleanseSpec", () => {
  it("accepts exactly what its schema accepts", () => {
    expectTypeOf<CleanseSpec>().toExtend<z.input<typeof _specSchema>>();
    expectTypeOf<keyof z.input<typeof _specSchema>>().toEqualTypeOf<keyof CleanseSpec>();
  });
});
