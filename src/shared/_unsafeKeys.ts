/** Property names that could reach an object's prototype: never read or written as data. @internal */
export const _UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
