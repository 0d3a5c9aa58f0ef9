import Imported from "fastest-validator";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _copyJson } from "../shared/_jsonValue.js";

// fastest-validator is CommonJS whose types declare an ES default export; under NodeNext the default
// import is the class itself at run time.
const Validator = Imported as unknown as typeof Imported.default;

/** One failed rule: the failing field and rule name (never the value). */
export interface _RuleFailure {
  readonly field: string;
  readonly rule: string;
}

/**
 * A compiled host rule set. It takes a record whose values are plain JSON no deeper than
 * `MAX_VALUE_DEPTH` (cleanseRecord checks them first) and returns the failures.
 */
export type _RuleCheck = (record: Readonly<Record<string, unknown>>) => readonly _RuleFailure[];

/** The failure reported when a host rule's own code throws: the record gets an issue, the batch goes on. */
const RULE_THREW: readonly _RuleFailure[] = [{ field: "", rule: "error" }];

/**
 * Compiles host-declared rules (a fastest-validator schema for the record) once. Compilation errors, and
 * asynchronous schemas (`$$async`, which a synchronous cleanse cannot wait for), are configuration
 * mistakes: they throw `invalid_options` naming the function. Rules run on a deep copy of the record, so
 * fastest-validator's sanitisers (`trim`, `default`, `convert`…) never change profile-kit's output nor the
 * caller's nested objects. A custom check that throws is a failure of rule `error` for that record only.
 */
export function _compileRules(functionName: string, schema: Readonly<Record<string, unknown>>): _RuleCheck {
  let check: ((value: unknown) => unknown) & { readonly async?: unknown };
  try {
    const validator = new Validator({ useNewCustomCheckerFunction: true });
    check = validator.compile({ $$strict: false, ...schema }) as typeof check;
  } catch (error) {
    throw new ProfileKitError("invalid_options", `${functionName}: options.rules is not a valid fastest-validator schema.`, { cause: error });
  }
  if (check.async === true) {
    throw new ProfileKitError("invalid_options", `${functionName}: options.rules must not be asynchronous ($$async).`);
  }
  return (record) => {
    let result: unknown;
    try {
      result = check(_copyJson(record));
      // Stryker disable next-line BlockStatement: an empty catch leaves result undefined, which the Array.isArray check below also turns into RULE_THREW.
    } catch {
      return RULE_THREW;
    }
    if (result === true) return [];
    if (!Array.isArray(result)) return RULE_THREW;
    const failures: _RuleFailure[] = [];
    for (const error of result as readonly unknown[]) {
      // Stryker disable next-line LogicalOperator: fastest-validator only ever returns errors built as object literals (a null would throw in its own err.message step, inside the try), so || and && agree.
      const field = typeof error === "object" && error !== null ? (error as { field?: unknown }).field : undefined;
      // Stryker disable next-line LogicalOperator: fastest-validator only ever returns errors built as object literals (a null would throw in its own err.message step, inside the try), so || and && agree.
      const type = typeof error === "object" && error !== null ? (error as { type?: unknown }).type : undefined;
      failures.push({ field: typeof field === "string" ? field : "", rule: typeof type === "string" ? type : "rule" });
    }
    return failures;
  };
}
