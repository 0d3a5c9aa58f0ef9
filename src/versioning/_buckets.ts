import { DateTime } from "luxon";

/** A calendar bucket for counting events. */
export type _Bucket = "day" | "week" | "month" | "year";

/**
 * The label and start (epoch ms) of the calendar bucket holding `ms` in `zone`, and the start of the next
 * one. Weeks are ISO weeks (Monday first), labelled `2024-W09`.
 *
 * @internal
 */
export function _bucketOf(ms: number, bucket: _Bucket, zone: string): { label: string; start: number; next: number } {
  const start = DateTime.fromMillis(ms, { zone }).startOf(bucket, { useLocaleWeeks: false });
  const label =
    bucket === "day" ? start.toFormat("yyyy-MM-dd") : bucket === "week" ? start.toFormat("kkkk-'W'WW") : bucket === "month" ? start.toFormat("yyyy-MM") : start.toFormat("yyyy");
  return { label, start: start.toMillis(), next: start.plus({ [`${bucket}s`]: 1 }).toMillis() };
}
