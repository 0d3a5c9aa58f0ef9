import { z } from "zod";
import { _parseOptions } from "../errors/_parseOptions.js";
import { _createRandom, _deriveSeed } from "../shared/_random.js";

import { _Mailboxes, type _Settings, _makeHousehold } from "./_people.js";
import { _makeRecords } from "./_records.js";
import { CUSTOMER_SOURCES, type CustomerSource, type GenerateCustomerRecordsOptions, type GeneratedRecord } from "./types.js";

const optionsSchema = z.strictObject({
  entities: z.number().int().min(0).max(100_000_000).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  referenceDate: z.iso.datetime({ offset: true }).optional(),
  sources: z.array(z.enum(["crm", "web", "orders", "support", "newsletter"])).min(1).optional(),
  noise: z.number().min(0).max(10).optional(),
  hardNegatives: z.number().min(0).max(10).optional(),
});

/**
 * Generates realistic, messy customer records from several sources, with ground truth, lazily: records are
 * produced one household at a time, so a million people stream in constant memory. Deterministic: the same
 * options give the same records in the same order.
 *
 * Each person has one to six records across CRM, web, orders, support and newsletter sources, each source
 * with its own fields and formats. Records carry realistic noise (typos, nicknames, case and spacing, phone
 * and date formats, address abbreviations, moves, name changes, missing fields) and the population holds
 * hard negatives: households sharing an address, a landline or an email; twins; many people with the most
 * common names; placeholder values such as `test@test.com` reused by unrelated people.
 *
 * @param options - size, seed and noise levels
 * @returns an iterator of records with their ground truth
 * @throws ProfileKitError `invalid_options` for options that cannot work
 * @example
 * ```ts
 * import { generateCustomerRecords } from "profile-kit/testing";
 * for (const { record, entityId } of generateCustomerRecords({ entities: 100, seed: 7 })) {
 *   console.log(record.id, entityId);
 * }
 * ```
 */
export function generateCustomerRecords(options: GenerateCustomerRecordsOptions = {}): Generator<GeneratedRecord> {
  const parsed = _parseOptions("generateCustomerRecords", optionsSchema, options);
  const settings: _Settings = {
    seed: parsed.seed ?? 1,
    now: Date.parse(parsed.referenceDate ?? "2026-01-01T00:00:00Z"),
    sources: parsed.sources ?? CUSTOMER_SOURCES,
    noise: parsed.noise ?? 1,
    hard: parsed.hardNegatives ?? 1,
    mailboxes: new _Mailboxes(parsed.entities ?? 1000),
  };
  return _generate(parsed.entities ?? 1000, settings);
}

export function* _generate(entities: number, settings: _Settings): Generator<GeneratedRecord> {
  const counters = new Map<CustomerSource, number>();
  let made = 0;
  for (let h = 0; made < entities; h++) {
    const random = _createRandom(_deriveSeed(settings.seed, h));
    const { household, people } = _makeHousehold(random, h, made, entities - made, settings);
    made += people.length;
    for (const person of people) {
      for (const generated of _makeRecords(random, person, household, settings, counters)) yield generated;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// People and households

