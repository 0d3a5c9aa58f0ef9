import { _schemaOf } from "../shared/_schema.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import type { DateOrder } from "../shared/types.js";
import type { _RuleCheck } from "./_rules.js";
import type { AddressSpec, CompiledCleanseSpec, FieldSpec } from "./compileCleanseSpec.js";

/** A field's spec with its issue path prepared once. @internal */
export interface _CompiledFieldSpec extends FieldSpec {
  readonly path: readonly string[];
}

/** What a compiled spec holds behind its opaque public type. @internal */
export interface _CompiledSpecData extends CompiledCleanseSpec {
  readonly fields: ReadonlyMap<string, _CompiledFieldSpec>;
  readonly address: (Required<Omit<AddressSpec, "case">> & { readonly case: "upper" | "title" }) | null;
  readonly defaultCountry: string | null;
  readonly dateOrder: DateOrder | null;
  /** Epoch milliseconds. */
  readonly now: number | null;
  readonly splitFullName: boolean;
  readonly rules: _RuleCheck | null;
}

/**
 * The mark of a spec built by compileCleanseSpec. A symbol-keyed property: JSON never writes one, so a
 * compiled spec that went through JSON (its Map of fields now `{}`, its compiled rules gone) is told from
 * a live one; a registered symbol, so an ESM and a CJS copy of the library accept each other's specs.
 *
 * @internal
 */
export const _COMPILED: unique symbol = Symbol.for("profile-kit.compiled-cleanse-spec") as never;

const BRAND = "profile-kit.compiled-cleanse-spec";

/**
 * The spec when it is a live compiled spec; null when it is a plain {@link CleanseSpec} to compile.
 * Throws `invalid_options` for a compiled spec that was stored as JSON and read back, and for a spec that
 * cannot be read at all (a revoked Proxy, a throwing getter).
 *
 * @internal
 */
export function _asCompiledSpec(functionName: string, spec: unknown): _CompiledSpecData | null {
  if (typeof spec !== "object" || spec === null) return null;
  if (_schemaOf(spec) !== null) throw new ProfileKitError("invalid_options", `${functionName}: a schema is read by cleanseRecord and cleanseRecords only.`);
  let marked: unknown;
  let kind: unknown;
  try {
    marked = (spec as { [_COMPILED]?: unknown })[_COMPILED];
    if (marked === true) return spec as _CompiledSpecData;
    kind = (spec as { kind?: unknown }).kind;
  } catch (error) {
    throw new ProfileKitError("invalid_options", `${functionName}: the spec could not be read (a revoked Proxy or a throwing getter?).`, { cause: error });
  }
  if (kind === BRAND) {
    throw new ProfileKitError(
      "invalid_options",
      `${functionName}: this compiled cleanse spec was copied or stored as JSON, which loses its compiled parts (field map, rules). Store the CleanseSpec instead and compile it again with compileCleanseSpec(spec).`,
    );
  }
  return null;
}
