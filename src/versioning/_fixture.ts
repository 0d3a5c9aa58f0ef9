import { appendChanges } from "./appendChanges.js";
import type { ChangeInput, ProfileHistory } from "./types.js";

/** Appends batches of changes, each recorded at its own `now`, for tests. @internal */
export function _historyOf(batches: readonly (readonly [now: string, changes: readonly ChangeInput[]])[], profileId = "p-1"): ProfileHistory {
  let history: ProfileHistory | null = null;
  for (const [now, changes] of batches) {
    const result = appendChanges(history, changes, { now, profileId });
    if (result.issues.some((issue) => issue.severity === "error")) throw new Error(`fixture: ${JSON.stringify(result.issues)}`);
    history = result.history;
  }
  if (history === null) throw new Error("fixture: no batches");
  return history;
}
