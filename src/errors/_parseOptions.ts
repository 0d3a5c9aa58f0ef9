import type { z } from "zod";
import { ProfileKitError } from "./ProfileKitError.js";

/**
 * Validates the options of a public entry point once per call. Invalid options are a programming error,
 * so they throw a {@link ProfileKitError} `invalid_options` whose message names every problem and whose
 * `cause` holds the zod issues. Option values are configuration, not customer data, but the message still
 * names only paths and expectations.
 */
export function _parseOptions<Schema extends z.ZodType>(
  functionName: string,
  schema: Schema,
  options: unknown,
): z.output<Schema> {
  let result: z.ZodSafeParseResult<z.output<Schema>>;
  try {
    result = schema.safeParse(options);
  } catch (error) {
    // A getter or Proxy trap that throws while the options are read: the options cannot work.
    throw new ProfileKitError("invalid_options", `${functionName}: the options could not be read (a getter or Proxy threw).`, { cause: error });
  }
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length === 0 ? "options" : `options.${issue.path.map(String).join(".")}`;
    return `${where}: ${issue.message}`;
  });
  throw new ProfileKitError("invalid_options", `${functionName}: invalid options. ${problems.join("; ")}`, {
    cause: result.error.issues,
  });
}
