// The time options as zod/mini schemas, for entry points that validate options with a schema. Apart from
// shared/_time.ts so that code reading times without a schema does not load zod.
import * as z from "zod/mini";
import { _isTimeZone, _readInstant } from "./_time.js";
import type { TimeInput } from "./types.js";

/** A time option: ISO text, epoch milliseconds or a Date (read with {@link _readInstant}). @internal */
export const _timeInputSchema: z.ZodMiniType<TimeInput> = z.union([z.string(), z.number(), z.date()]);

/** A time-zone option: an IANA zone the platform knows. @internal */
export const _timeZoneSchema: z.ZodMiniType<string> = z.string().check(z.refine(_isTimeZone, "expected an IANA time zone such as \"Europe/Paris\""));

/** A time option that must be readable: ISO text, epoch milliseconds in the Date range, or a valid Date. @internal */
export const _validTimeSchema: z.ZodMiniType<TimeInput> = _timeInputSchema.check(z.refine((value) => _readInstant(value, "UTC", [], []) !== null, "expected an ISO 8601 time, epoch milliseconds or a valid Date"));
