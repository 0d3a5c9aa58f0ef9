// How many records each person gets, from which sources, and which fields each source fills.
import { type _Random } from "../shared/_random.js";
import { _own } from "../shared/_dict.js";
import { _countryNames } from "./_data.js";

import { _corrupt } from "./_corruption.js";
import { _addAddress, _addBirthDate, _addEmail, _addName, _addPhone, _formatTimestamp } from "./_noise.js";
import { type _Household, type _Person, type _Settings, _YEAR_MS } from "./_people.js";
import { type CustomerSource, type GeneratedCustomerRecord, type GeneratedRecord, type RecordNoise } from "./types.js";

const recordCounts: readonly number[] = [0.26, 0.3, 0.2, 0.12, 0.08, 0.04];

const sourceWeights: Readonly<Record<CustomerSource, number>> = {
  crm: 0.25,
  web: 0.2,
  orders: 0.25,
  support: 0.12,
  newsletter: 0.18,
};

/** Probability that a source's record carries each field. */
const coverage: Readonly<Record<CustomerSource, Readonly<Record<string, number>>>> = {
  crm: { customerId: 0.92, name: 0.98, email: 0.9, phone: 0.75, dateOfBirth: 0.6, address: 0.85, country: 0.95 },
  web: { customerId: 0, name: 0.55, email: 0.97, phone: 0.15, dateOfBirth: 0.1, address: 0.05, country: 0.6 },
  orders: { customerId: 0.45, name: 0.97, email: 0.95, phone: 0.6, dateOfBirth: 0.03, address: 0.97, country: 0.9 },
  support: { customerId: 0.1, name: 0.9, email: 0.9, phone: 0.7, dateOfBirth: 0.05, address: 0.1, country: 0.3 },
  newsletter: { customerId: 0, name: 0.55, email: 1, phone: 0.02, dateOfBirth: 0.15, address: 0.02, country: 0.4 },
};

function pickSource(random: _Random, sources: readonly CustomerSource[]): CustomerSource {
  let total = 0;
  for (const source of sources) total += sourceWeights[source];
  let u = random.next() * total;
  for (const source of sources) {
    u -= sourceWeights[source];
    if (u < 0) return source;
  }
  return sources[sources.length - 1] as CustomerSource;
}

export function* _makeRecords(
  random: _Random,
  person: _Person,
  household: _Household,
  settings: _Settings,
  counters: Map<CustomerSource, number>,
): Generator<GeneratedRecord> {
  let u = random.next();
  let count = 1;
  for (const [index, p] of recordCounts.entries()) {
    if (u < p) {
      count = index + 1;
      break;
    }
    u -= p;
  }
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(settings.now - random.next() * 6 * _YEAR_MS);
  times.sort((a, b) => a - b);
  for (const time of times) {
    const source = pickSource(random, settings.sources);
    const n = (counters.get(source) ?? 0) + 1;
    counters.set(source, n);
    const noise: RecordNoise[] = [];
    const record = makeRecord(random, person, household, settings, source, `${source}-${n}`, time, noise);
    _corrupt(settings.seed, record as Record<string, string>, settings.noise, noise);
    yield { record, entityId: person.entityId, householdId: household.id, noise: [...new Set(noise)], traits: person.traits };
  }
}

function makeRecord(
  random: _Random,
  person: _Person,
  household: _Household,
  settings: _Settings,
  source: CustomerSource,
  id: string,
  time: number,
  noise: RecordNoise[],
): GeneratedCustomerRecord {
  const k = settings.noise;
  const has = coverage[source];
  const record: Record<string, string> = { id, source, updatedAt: _formatTimestamp(random, time, source, k, noise) };
  const present = (field: string): boolean => random.chance((_own(has, field) as number | undefined) ?? 0);

  if (person.customerId !== null && present("customerId")) record["customerId"] = person.customerId;
  if (present("name")) _addName(random, person, source, time, k, record, noise);
  if (present("email")) _addEmail(random, person, household, source, time, settings, record, noise);
  if (present("phone")) _addPhone(random, person, household, settings, record, noise);
  if (present("dateOfBirth")) _addBirthDate(random, person, source, settings, record, noise);
  const address = person.previousAddress !== null && time < person.moveAt ? person.previousAddress : person.address;
  const old = address !== person.address;
  if (present("address")) {
    _addAddress(random, address, k, record, noise);
    if (old) noise.push("old_address");
  } else if (source === "web" && random.chance(0.3)) {
    record["city"] = address.place.city;
    if (old) noise.push("old_address");
  } else if (source === "newsletter" && random.chance(0.2)) {
    record["postalCode"] = address.postalCode;
    if (old) noise.push("old_address");
  }
  if (present("country")) {
    const names = _countryNames[address.place.country];
    record["country"] = random.chance(0.4 * k) ? random.pick(names) : (names[0] as string);
    if (record["country"] !== names[0]) noise.push("country_variant");
  }
  // Keep keys in a stable, readable order.
  const ordered: Record<string, string> = {};
  for (const key of ["id", "source", "updatedAt", "customerId", "firstName", "lastName", "fullName", "email", "phone", "dateOfBirth", "street", "city", "postalCode", "country"] as const) {
    const value = record[key];
    if (value !== undefined) ordered[key] = value;
  }
  return ordered as unknown as GeneratedCustomerRecord;
}

