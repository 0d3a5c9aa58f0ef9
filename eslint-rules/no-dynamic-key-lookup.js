// @ts-check
/**
 * Forbids reading or writing a plain object with a key that is not a closed set of literals.
 *
 * `table[key]` on an ordinary object walks the prototype chain: a key that came from data ("constructor",
 * "toString", "__proto__") reads Object.prototype's members, and a write with "__proto__" swaps the
 * object's prototype. Allowed: numeric keys (arrays, typed arrays), keys typed as a union of string
 * literals (a closed set the code controls), symbols, and objects whose type carries the null-prototype
 * brand of `src/shared/_dict.ts`. Everything else goes through a Map, `_own()` / `_setOwn()`, or a
 * `_Dict` made with `_dict()`.
 */
import { ESLintUtils } from "@typescript-eslint/utils";
import ts from "typescript";

/** @param {ts.Type} type */
function isClosedKey(type) {
  if (type.isUnion()) return type.types.every(isClosedKey);
  if (type.isIntersection()) return type.types.some(isClosedKey);
  const flags = type.getFlags();
  return Boolean(
    flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.StringLiteral | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Never | ts.TypeFlags.EnumLiteral),
  );
}

/** @param {ts.Type} type @param {ts.TypeChecker} checker */
function isSafeTarget(type, checker) {
  if (type.isUnion()) return type.types.every((part) => part.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null) || isSafeTarget(part, checker));
  if (type.isIntersection() && type.types.some((part) => isSafeTarget(part, checker))) return true;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return true;
  if (type.getFlags() & (ts.TypeFlags.StringLike | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  const symbol = type.getSymbol();
  const name = symbol?.getName() ?? "";
  if (/^(?:Uint8|Int8|Uint16|Int16|Uint32|Int32|Float32|Float64|Uint8Clamped|BigInt64|BigUint64)Array$/.test(name)) return true;
  return type.getProperties().some((property) => property.getEscapedName().toString().startsWith("__@nullPrototype"));
}

export default ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: "problem",
    schema: [],
    messages: {
      dynamicKey:
        "Indexing a plain object with a key from data reads (or writes) through its prototype. Use a Map, _own()/_setOwn() from shared/_dict.ts, or a null-prototype _dict().",
    },
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    return {
      /** @param {import("@typescript-eslint/utils").TSESTree.MemberExpression} node */
      MemberExpression(node) {
        if (!node.computed || node.property.type === "Literal" || node.property.type === "PrivateIdentifier") return;
        const keyType = services.getTypeAtLocation(node.property);
        const constraint = checker.getBaseConstraintOfType(keyType) ?? keyType;
        if (isClosedKey(constraint)) return;
        const objectType = services.getTypeAtLocation(node.object);
        if (isSafeTarget(checker.getBaseConstraintOfType(objectType) ?? objectType, checker)) return;
        context.report({ node, messageId: "dynamicKey" });
      },
    };
  },
});
