import { _DEFAULT_SOURCE_PRIORITY } from "./_policy.js";
import type { MergePolicy } from "./types.js";

const ADDRESS = ["street", "city", "region", "postalCode", "country"];

/**
 * The default policy for the standard customer fields: names and birth date by majority then source
 * priority (CRM first) then recency; contact details and the address (kept together) by recency; consent
 * conservatively (an opt-out beats any older opt-in); everything else by recency.
 */
export const DEFAULT_MERGE_POLICY: MergePolicy = deepFreeze({
  attributes: {
    firstName: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
    lastName: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
    dateOfBirth: { strategy: ["mostFrequent", "sourcePriority", "mostRecent"] },
    customerId: { strategy: ["sourcePriority", "mostRecent"] },
    email: { strategy: "mostRecent" },
    phone: { strategy: "mostRecent" },
    street: { strategy: "mostRecent" },
  },
  defaultRule: { strategy: "mostRecent" },
  sourcePriority: _DEFAULT_SOURCE_PRIORITY,
  groups: [ADDRESS],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
