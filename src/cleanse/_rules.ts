import Imported from "fastest-validator";
import { ProfileKitError } from "../errors/ProfileKitError.js";

// fastest-validator is CommonJS whose types declare an ES default export; under NodeNext the default
// import is the class itself at run time.
const Validator = Imported as unknown as typeof Imported.default;

/** A compiled host rule set: returns the failing fields and rule names (never the values). */
export type _RuleCheck = (record: Readonly<Record<string, unknown>>) => readonly { readonly field: string; readonly rule: string }[];

/**
 * Compiles host-declared rules (a fastest-validator schema for the record) once. Compilation errors are
 * configuration mistakes: they throw `invalid_options` naming the function. Rules run on a shallow copy, so
 * fastest-validator's sanitisers never change profile-kit's output.
 */
export function _compileRules(functionName: string, schema: Readonly<Record<string, unknown>>): _RuleCheck {
  let check: (value: unknown) => unknown;
  try {
    const validator = new Validator({ useNewCustomCheckerFunction: true });
    check = validator.compile({ $$strict: false, ...schema }) as (value: unknown) => unknown;
  } catch (error) {
    throw new ProfileKitError("invalid_options", `${functionName}: options.rules is not a valid fastest-validator schema.`, { cause: error });
  }
  return (record) => {
    const result = check({ ...record });
    if (result === true) return [];
    if (!Array.isArray(result)) {
      throw new ProfileKitError("invalid_options", `${functionName}: options.rules must not be asynchronous ($$async).`);
    }
    return (result as { field?: unknown; type?: unknown }[]).map((error) => ({
      field: typeof error.field === "string" ? error.field : "",
      rule: typeof error.type === "string" ? error.type : "rule",
    }));
  };
}
