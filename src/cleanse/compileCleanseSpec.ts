import * as z from "zod/mini";
import { _UNSAFE_KEYS } from "../shared/_unsafeKeys.js";
import { _parseOptions } from "../errors/_parseOptions.js";
import { isProfileKitError } from "../errors/isProfileKitError.js";
import { ProfileKitError } from "../errors/ProfileKitError.js";
import { _COMPILED, type _CompiledFieldSpec, type _CompiledSpecData } from "./_compiledSpec.js";
import { _compileRules } from "./_rules.js";
import type { DateOrder } from "../shared/types.js";
import { _isTimeZone, _readInstant } from "../shared/_time.js";
import { _validTimeSchema } from "../shared/_timeSchemas.js";
import type { TimeInput } from "../shared/types.js";

/** How a field is standardised. */
export type FieldKind =
  | "email"
  | "phone"
  | "firstName"
  | "lastName"
  | "fullName"
  | "date"
  | "birthDate"
  | "timestamp"
  | "country"
  | "text"
  | "id";

/** One field's standardisation, with the options its kind takes. */
export interface FieldSpec {
  /** The standardiser to apply. */
  readonly kind: FieldKind;
  /** For dates: how to read ambiguous numeric dates. Overrides the spec's `dateOrder`. */
  readonly order?: DateOrder;
  /** For timestamps: the IANA zone assumed when a value has none. Default `"UTC"`. */
  readonly zone?: string;
}

/** Which record fields form the postal address (each standardised with {@link normalizeAddress}). */
export interface AddressSpec {
  readonly street?: string;
  readonly city?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country?: string;
  /** Case of US and Canadian street lines: `"upper"` (USPS, default) or `"title"`. */
  readonly case?: "upper" | "title";
}

/**
 * A declarative description of how to cleanse records: which field holds what. Every part is optional; the
 * default handles the standard fields (`email`, `phone`, `firstName`, `lastName`, `fullName`, `dateOfBirth`,
 * `street`, `city`, `region`, `postalCode`, `country`, `updatedAt`, `customerId`, `id`, `source`).
 */
export interface CleanseSpec {
  /** Field name → kind (or kind with options). Replaces the default field list when given. */
  readonly fields?: Readonly<Record<string, FieldKind | FieldSpec>>;
  /** The address fields, or `false` for records without an address. Default: the standard names. */
  readonly address?: AddressSpec | false;
  /** ISO alpha-2 country for records without one: reads national phone numbers, numeric dates and postal codes. */
  readonly defaultCountry?: string;
  /** How to read ambiguous numeric dates when neither the field nor the record's country decides. */
  readonly dateOrder?: DateOrder;
  /** The current time, for birth-date plausibility (future, over 120 years) and two-digit years. */
  readonly now?: TimeInput;
  /** Fill `firstName` and `lastName` from `fullName` when a record has only the full name. Default true. */
  readonly splitFullName?: boolean;
  /**
   * Extra rules for any field, as a fastest-validator schema (for example
   * `{ loyaltyTier: { type: "enum", values: ["gold", "silver"], optional: true } }`), checked on a deep
   * copy of the standardised record, so sanitisers (`trim`, `default`…) change neither the result nor the
   * caller's objects. Compiled once per spec (an asynchronous schema is refused); a failure is a
   * `rule_failed` issue, and a custom check that throws is a `rule_failed` issue with rule `"error"`.
   */
  readonly rules?: Readonly<Record<string, unknown>>;
}

/**
 * A validated, compiled {@link CleanseSpec}: build it once with {@link compileCleanseSpec} and reuse it on the
 * hot path. Opaque: what it holds is internal. It lives in memory only (it holds a Map and compiled rules,
 * which JSON cannot carry), so store the `CleanseSpec` and compile it again after reading it back; a
 * compiled spec that went through JSON is refused with `invalid_options`.
 */
export interface CompiledCleanseSpec {
  /** Tells a compiled spec from a plain one. */
  readonly kind: "profile-kit.compiled-cleanse-spec";
}

const KINDS = ["email", "phone", "firstName", "lastName", "fullName", "date", "birthDate", "timestamp", "country", "text", "id"] as const;
const ORDER = z.enum(["MDY", "DMY", "YMD"]);
const fieldSpecSchema = z.union([
  z.enum(KINDS),
  z.strictObject({
    kind: z.enum(KINDS),
    order: z.optional(ORDER),
    zone: z.optional(z.string().check(z.minLength(1), z.maxLength(64), z.refine((zone) => _isTimeZone(zone), "expected an IANA time zone such as \"Europe/Paris\""))),
  }),
]);
const fieldName = z.string().check(z.minLength(1), z.refine((name) => !_UNSAFE_KEYS.has(name), "field names __proto__, constructor and prototype are not allowed"));
const specSchema = z.strictObject({
  fields: z.optional(z.record(fieldName, fieldSpecSchema)),
  address: z.optional(z.union([
      z.literal(false),
      z.strictObject({
        street: z.optional(fieldName),
        city: z.optional(fieldName),
        region: z.optional(fieldName),
        postalCode: z.optional(fieldName),
        country: z.optional(fieldName),
        case: z.optional(z.enum(["upper", "title"])),
      }),
    ])),
  defaultCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 code such as US"))),
  dateOrder: z.optional(ORDER),
  now: z.optional(_validTimeSchema),
  splitFullName: z.optional(z.boolean()),
  rules: z.optional(z.record(z.string(), z.unknown())),
});

// Compile-time check that the schema and CleanseSpec stay in step: every CleanseSpec passes the schema,
// and both know the same options. When they drift, this line stops the build.
const specInStep: [
  CleanseSpec extends z.input<typeof specSchema> ? true : false,
  [Exclude<keyof z.input<typeof specSchema>, keyof CleanseSpec>] extends [never] ? true : false,
  [Exclude<keyof CleanseSpec, keyof z.input<typeof specSchema>>] extends [never] ? true : false,
] = [true, true, true];
// eslint-disable-next-line @typescript-eslint/no-meaningless-void-operator -- references the check for noUnusedLocals
void specInStep;

const DEFAULT_FIELDS: Readonly<Record<string, FieldKind>> = {
  id: "id",
  source: "text",
  updatedAt: "timestamp",
  customerId: "id",
  firstName: "firstName",
  lastName: "lastName",
  fullName: "fullName",
  email: "email",
  phone: "phone",
  dateOfBirth: "birthDate",
};

/**
 * Validates and compiles a {@link CleanseSpec} once, so {@link cleanseRecord} does no setup per record.
 * Host rules are compiled with fastest-validator here.
 *
 * @param spec - the fields, address, defaults and rules
 * @returns a compiled spec for `cleanseRecord` and `cleanseRecords`
 * @throws ProfileKitError `invalid_options` when the spec cannot work (unknown kind, bad country code, bad
 * time zone, bad or asynchronous rules) or cannot be read (a revoked Proxy, a throwing getter)
 * @example
 * ```ts
 * const spec = compileCleanseSpec({ defaultCountry: "US", now: new Date() });
 * const results = records.map((record) => cleanseRecord(record, spec));
 * ```
 */
export function compileCleanseSpec(spec: CleanseSpec = {}): CompiledCleanseSpec {
  let parsed: z.output<typeof specSchema>;
  try {
    // zod's record parser skips a "__proto__" key silently; a field name like that is a mistake to report.
    // Typed as unknown: JavaScript callers can pass anything.
    const raw: unknown = spec;
    const rawFields: unknown = typeof raw === "object" && raw !== null ? (raw as { fields?: unknown }).fields : undefined;
    const fieldNames = typeof rawFields === "object" && rawFields !== null ? Object.keys(rawFields) : [];
    if (fieldNames.some((name) => _UNSAFE_KEYS.has(name))) {
      throw new ProfileKitError("invalid_options", "compileCleanseSpec: invalid options. options.fields: field names __proto__, constructor and prototype are not allowed");
    }
    if (typeof raw === "object" && raw !== null && (raw as { kind?: unknown }).kind === "profile-kit.compiled-cleanse-spec") {
      throw new ProfileKitError("invalid_options", "compileCleanseSpec: this is a compiled spec that was copied or stored as JSON; compile the original CleanseSpec instead.");
    }
    parsed = _parseOptions("compileCleanseSpec", specSchema, spec);
  } catch (error) {
    if (isProfileKitError(error)) throw error;
    throw new ProfileKitError("invalid_options", "compileCleanseSpec: invalid options. options: could not be read (a revoked Proxy or a throwing getter?)", { cause: error });
  }
  const fields = new Map<string, _CompiledFieldSpec>();
  for (const [field, kind] of Object.entries(parsed.fields ?? DEFAULT_FIELDS)) {
    fields.set(field, { ...(typeof kind === "string" ? { kind } : stripUndefined(kind)), path: [field] });
  }
  const address =
    parsed.address === false
      ? null
      : {
          street: parsed.address?.street ?? "street",
          city: parsed.address?.city ?? "city",
          region: parsed.address?.region ?? "region",
          postalCode: parsed.address?.postalCode ?? "postalCode",
          country: parsed.address?.country ?? "country",
          case: parsed.address?.case ?? "upper",
        };
  if (address !== null) for (const field of [address.street, address.city, address.region, address.postalCode, address.country]) fields.delete(field);
  const compiled: _CompiledSpecData = {
    kind: "profile-kit.compiled-cleanse-spec",
    fields,
    address,
    defaultCountry: parsed.defaultCountry ?? null,
    dateOrder: parsed.dateOrder ?? null,
    now: parsed.now === undefined ? null : (_readInstant(parsed.now, "UTC", ["now"], [])),
    splitFullName: parsed.splitFullName ?? true,
    rules: parsed.rules === undefined ? null : _compileRules("compileCleanseSpec", parsed.rules),
  };
  // Symbol-keyed, so JSON drops it: see _asCompiledSpec.
  Object.defineProperty(compiled, _COMPILED, { value: true, enumerable: true });
  return compiled;
}

function stripUndefined(spec: { kind: FieldKind; order?: DateOrder | undefined; zone?: string | undefined }): FieldSpec {
  return {
    kind: spec.kind,
    ...(spec.order === undefined ? {} : { order: spec.order }),
    ...(spec.zone === undefined ? {} : { zone: spec.zone }),
  };
}
