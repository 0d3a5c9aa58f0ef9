import { z } from "zod";
import { _parseOptions } from "../errors/_parseOptions.js";
import { _createRandom, _deriveSeed, type _Random } from "../shared/_random.js";
import { _dict, _own, type _Dict } from "../shared/_dict.js";
import {
  _companyWords,
  _countryNames,
  _countryWeights,
  _directionals,
  _domainTypos,
  _femaleFirstNames,
  _freeEmailDomains,
  _germanStreetNames,
  _lastNames,
  _maleFirstNames,
  _nicknames,
  _placeholderBirthDates,
  _placeholderEmails,
  _placeholderPhones,
  _places,
  _provinceNames,
  _streetNames,
  _streetSuffixes,
  _unitDesignators,
  type _Place,
} from "./_data.js";

/** The source systems the generator imitates. */
export type CustomerSource = "crm" | "web" | "orders" | "support" | "newsletter";

/** Every source, in a fixed order. */
export const CUSTOMER_SOURCES: readonly CustomerSource[] = ["crm", "web", "orders", "support", "newsletter"];

/** A generated record: only standard fields, every value a string as a source system would send it. */
export interface GeneratedCustomerRecord {
  readonly id: string;
  readonly source: CustomerSource;
  readonly updatedAt: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly fullName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly dateOfBirth?: string;
  readonly street?: string;
  readonly city?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly customerId?: string;
  readonly [field: string]: string | undefined;
}

/** What was done to one record to make it messy, so tests can find examples of each kind of noise. */
export type RecordNoise =
  | "name_case"
  | "name_whitespace"
  | "name_typo"
  | "nickname"
  | "old_last_name"
  | "full_name_only"
  | "email_case"
  | "email_whitespace"
  | "email_domain_typo"
  | "email_gmail_variant"
  | "email_alternate"
  | "email_family"
  | "phone_format"
  | "phone_household"
  | "date_format"
  | "date_typo"
  | "address_abbreviation"
  | "address_case"
  | "old_address"
  | "country_variant"
  | "postal_code_format"
  | "placeholder_email"
  | "placeholder_phone"
  | "placeholder_birth_date"
  | "timestamp_no_zone";

/** Facts about the person behind a record that make resolution hard (hard negatives and changes over time). */
export type EntityTrait =
  | "household_member"
  | "twin"
  | "common_name"
  | "shares_phone"
  | "shares_email"
  | "moved"
  | "name_changed"
  | "email_changed"
  | "has_work_email";

/** One generated record with its ground truth. */
export interface GeneratedRecord {
  /** The record, as the source would send it. Contains no ground truth. */
  readonly record: GeneratedCustomerRecord;
  /** The person it belongs to: records with the same `entityId` are the same person. */
  readonly entityId: string;
  /** The household the person lives in (family members share addresses, phones and sometimes emails). */
  readonly householdId: string;
  /** The noise applied to this record. */
  readonly noise: readonly RecordNoise[];
  /** The person's hard-negative traits. */
  readonly traits: readonly EntityTrait[];
}

/** Options of {@link generateCustomerRecords}. */
export interface GenerateCustomerRecordsOptions {
  /** How many people to generate (each has one or more records). Default 1,000. */
  readonly entities?: number;
  /** Seed: the same seed gives the same records, byte for byte. Default 1. */
  readonly seed?: number;
  /** The generator's "now" (ISO 8601 with zone): timestamps fall in the six years before it. Default 2026-01-01T00:00:00Z. */
  readonly referenceDate?: string;
  /** Which sources to imitate. Default all of {@link CUSTOMER_SOURCES}. */
  readonly sources?: readonly CustomerSource[];
  /** Multiplies every noise probability: 0 gives clean records, 2 twice the noise. Default 1. */
  readonly noise?: number;
  /** Multiplies the hard-negative probabilities (households, twins, common names, placeholders). Default 1. */
  readonly hardNegatives?: number;
}

const optionsSchema = z.strictObject({
  entities: z.number().int().min(0).max(100_000_000).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  referenceDate: z.iso.datetime({ offset: true }).optional(),
  sources: z.array(z.enum(["crm", "web", "orders", "support", "newsletter"])).min(1).optional(),
  noise: z.number().min(0).max(10).optional(),
  hardNegatives: z.number().min(0).max(10).optional(),
});

interface Address {
  readonly place: _Place;
  readonly number: number;
  readonly directional: number; // index into _directionals, or -1
  readonly streetName: string;
  readonly suffix: number; // index into _streetSuffixes
  readonly unit: readonly [number, number] | null; // [designator index, unit number]
  readonly postalCode: string;
}

interface Person {
  readonly entityId: string;
  readonly male: boolean;
  readonly firstName: string;
  readonly lastName: string;
  /** Surname used before `nameChangeAt`. */
  readonly previousLastName: string | null;
  readonly nameChangeAt: number;
  readonly birth: readonly [number, number, number];
  readonly address: Address;
  readonly previousAddress: Address | null;
  readonly moveAt: number;
  readonly mobile: string; // E.164
  readonly email: string;
  readonly previousEmail: string | null;
  readonly emailChangeAt: number;
  readonly workEmail: string | null;
  readonly customerId: string | null;
  readonly traits: EntityTrait[];
}

interface Household {
  readonly id: string;
  readonly landline: string | null;
  readonly familyEmail: string | null;
}

interface Settings {
  readonly seed: number;
  readonly now: number;
  readonly sources: readonly CustomerSource[];
  readonly noise: number;
  readonly hard: number;
  /** Mailboxes already given out: two people never share one by accident (sharing is a deliberate hard negative). */
  readonly mailboxes: Mailboxes;
}

/**
 * A Bloom filter of issued mailboxes (lower case, Gmail dots ignored): fixed memory whatever the size of
 * the data set. A false positive only gives someone a digit more in their address.
 */
class Mailboxes {
  private readonly bits: Uint8Array;
  private readonly size: number;

  constructor(expected: number) {
    this.size = Math.min(2 ** 31, Math.max(2 ** 20, 2 ** Math.ceil(Math.log2(expected * 24))));
    this.bits = new Uint8Array(this.size / 8);
  }

  private positions(mailbox: string): number[] {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < mailbox.length; i++) {
      const c = mailbox.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    const out: number[] = [];
    for (let k = 0; k < 5; k++) out.push(((h1 + Math.imul(k, h2 | 1)) >>> 0) % this.size);
    return out;
  }

  has(mailbox: string): boolean {
    return this.positions(mailbox).every((bit) => ((this.bits[bit >>> 3] as number) & (1 << (bit & 7))) !== 0);
  }

  add(mailbox: string): void {
    for (const bit of this.positions(mailbox)) this.bits[bit >>> 3] = (this.bits[bit >>> 3] as number) | (1 << (bit & 7));
  }
}

function mailboxKey(email: string): string {
  const [local = "", domain = ""] = email.toLowerCase().split("@");
  return `${domain === "gmail.com" ? local.replace(/\./g, "") : local}@${domain}`;
}

/** Gives out `email`, or a numbered variant when the mailbox is taken, as a real provider would. */
function claimMailbox(random: _Random, mailboxes: Mailboxes, email: string): string {
  let candidate = email;
  for (let attempt = 0; attempt < 12 && mailboxes.has(mailboxKey(candidate)); attempt++) {
    const at = email.lastIndexOf("@");
    candidate = `${email.slice(0, at)}${random.int(attempt < 4 ? 2 : 10, attempt < 4 ? 99 : 99_999)}${email.slice(at)}`;
  }
  mailboxes.add(mailboxKey(candidate));
  return candidate;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

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
  const settings: Settings = {
    seed: parsed.seed ?? 1,
    now: Date.parse(parsed.referenceDate ?? "2026-01-01T00:00:00Z"),
    sources: parsed.sources ?? CUSTOMER_SOURCES,
    noise: parsed.noise ?? 1,
    hard: parsed.hardNegatives ?? 1,
    mailboxes: new Mailboxes(parsed.entities ?? 1000),
  };
  return generate(parsed.entities ?? 1000, settings);
}

function* generate(entities: number, settings: Settings): Generator<GeneratedRecord> {
  const counters = new Map<CustomerSource, number>();
  let made = 0;
  for (let h = 0; made < entities; h++) {
    const random = _createRandom(_deriveSeed(settings.seed, h));
    const { household, people } = makeHousehold(random, h, made, entities - made, settings);
    made += people.length;
    for (const person of people) {
      for (const generated of makeRecords(random, person, household, settings, counters)) yield generated;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// People and households

function weightedIndex(random: _Random, length: number): number {
  // Rank-skewed choice: P(rank < x * length) = x^(1/1.6), so the first names of a list are common (a few
  // percent each, like Smith or James) and the tail is rare.
  return Math.min(length - 1, Math.floor(length * random.next() ** 1.6));
}

function pickName(random: _Random, names: readonly string[]): string {
  return names[weightedIndex(random, names.length)] as string;
}

function pickCountry(random: _Random): _Place["country"] {
  let u = random.next();
  for (const [country, weight] of _countryWeights) {
    if (u < weight) return country;
    u -= weight;
  }
  return "US";
}

function makeAddress(random: _Random, country: _Place["country"]): Address {
  const places = _places.filter((place) => place.country === country);
  const place = random.pick(places);
  const prefixes = place.postal.split(",");
  const prefix = random.pick(prefixes);
  let postalCode: string;
  switch (country) {
    case "US":
      postalCode = `${prefix}${String(random.int(1, 99)).padStart(2, "0")}`;
      if (random.chance(0.15)) postalCode += `-${String(random.int(1, 9999)).padStart(4, "0")}`;
      break;
    case "GB":
      postalCode = `${prefix} ${random.int(1, 9)}${pickChar(random, "ABDEFGHJLNPQRSTUWXYZ")}${pickChar(random, "ABDEFGHJLNPQRSTUWXYZ")}`;
      break;
    case "CA":
      postalCode = `${prefix} ${random.int(0, 9)}${pickChar(random, "ABCEGHJKLMNPRSTVWXYZ")}${random.int(0, 9)}`;
      break;
    case "DE":
      postalCode = `${prefix}${String(random.int(0, 999)).padStart(3, "0")}`;
      break;
  }
  const german = country === "DE";
  return {
    place,
    number: german ? random.int(1, 140) : random.int(1, 9899),
    directional: (country === "US" || country === "CA") && random.chance(0.15) ? random.int(0, 3) : -1,
    streetName: german ? random.pick(_germanStreetNames) : random.pick(_streetNames),
    suffix: random.int(0, _streetSuffixes.length - 1),
    unit: random.chance(0.25) ? [random.int(0, _unitDesignators.length - 1), random.int(1, 40)] : null,
    postalCode,
  };
}

function pickChar(random: _Random, characters: string): string {
  return characters.charAt(random.int(0, characters.length - 1));
}

function digits(random: _Random, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += String(random.int(0, 9));
  return out;
}

function makePhone(random: _Random, place: _Place, mobile: boolean): string {
  switch (place.country) {
    case "US":
    case "CA": {
      let exchange: string;
      do exchange = `${random.int(2, 9)}${digits(random, 2)}`;
      while (exchange === "555" || exchange.endsWith("11"));
      return `+1${random.pick(place.areaCodes)}${exchange}${digits(random, 4)}`;
    }
    case "GB":
      if (mobile) return `+447${random.pick(["4", "5", "7", "8", "9"])}${digits(random, 8)}`;
      return place.areaCodes[0] === "20"
        ? `+4420${random.pick(["7", "8", "3"])}${digits(random, 7)}`
        : `+44${random.pick(place.areaCodes)}${random.int(2, 4)}${digits(random, 6)}`;
    case "DE":
      if (mobile) return `+4917${random.int(0, 9)}${digits(random, 7)}`;
      return `+49${random.pick(place.areaCodes)}${random.int(2, 9)}${digits(random, 6)}`;
  }
}

function asciiFold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

function makeEmail(random: _Random, first: string, last: string, birthYear: number, country: _Place["country"]): string {
  const f = asciiFold(first);
  const l = asciiFold(last);
  const n = String(random.int(1, 999));
  const yy = String(birthYear % 100).padStart(2, "0");
  const nick = _nicknames[first];
  const local = random.pick([
    `${f}.${l}`,
    `${f}.${l}`,
    `${f}${l}`,
    `${f.slice(0, 1)}${l}`,
    `${f}${l}${n}`,
    `${f}_${l}`,
    `${l}.${f}`,
    `${f}${yy}`,
    `${f}.${l}${yy}`,
    nick ? `${asciiFold(random.pick(nick))}${l.slice(0, 1)}${n}` : `${f}${n}`,
  ]);
  const domains = _freeEmailDomains[country];
  return `${local}@${domains[weightedIndex(random, domains.length)] as string}`;
}

function makeBirth(random: _Random, now: number, minAge: number, maxAge: number): [number, number, number] {
  const year = new Date(now).getUTCFullYear() - random.int(minAge, maxAge);
  const month = random.int(1, 12);
  const day = random.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return [year, month, day];
}

/** A unique, non-sequential customer number per person: n ↦ (a·n + b) mod 10⁹ is a bijection for a coprime to 10. */
function customerIdOf(entityIndex: number, seed: number): string {
  const value = (entityIndex * 48_271 + (seed % 1_000_000) * 7_919) % 1_000_000_000;
  return `CUS-${String(value).padStart(9, "0")}`;
}

/** A first name no one else in the household has (families rarely repeat one). */
function pickFamilyName(random: _Random, pool: readonly string[], family: readonly PersonSeed[]): string {
  let name = pickName(random, pool);
  while (family.some((member) => member.firstName === name)) name = pickName(random, pool);
  return name;
}

interface PersonSeed {
  readonly male: boolean;
  readonly firstName: string;
  readonly lastName: string;
  readonly birth: [number, number, number];
}

function makeHousehold(
  random: _Random,
  h: number,
  firstEntity: number,
  remaining: number,
  settings: Settings,
): { household: Household; people: Person[] } {
  const hard = settings.hard;
  const country = pickCountry(random);
  const home = makeAddress(random, country);
  const u = random.next();
  let size = u < 1 - 0.5 * Math.min(1, hard) ? 1 : u < 1 - 0.22 * Math.min(1, hard) ? 2 : u < 1 - 0.09 * Math.min(1, hard) ? 3 : 4;
  size = Math.min(size, remaining);
  const familyName = pickName(random, _lastNames);
  const seeds: PersonSeed[] = [];

  const primaryMale = random.chance(0.5);
  let primaryFirst = pickName(random, primaryMale ? _maleFirstNames : _femaleFirstNames);
  let primaryLast = familyName;
  let commonName = false;
  if (random.chance(0.012 * hard)) {
    [primaryFirst, primaryLast] = primaryMale ? ["John", "Smith"] : ["Maria", "Garcia"];
    commonName = true;
  }
  const primaryBirth = makeBirth(random, settings.now, 24, 85);
  seeds.push({ male: primaryMale, firstName: primaryFirst, lastName: primaryLast, birth: primaryBirth });
  const thisYear = new Date(settings.now).getUTCFullYear();
  if (size >= 2) {
    const male = random.chance(0.1) ? primaryMale : !primaryMale;
    const year = Math.min(primaryBirth[0] + random.int(-6, 6), thisYear - 19);
    const birth: [number, number, number] = [year, random.int(1, 12), random.int(1, 28)];
    seeds.push({
      male,
      firstName: pickFamilyName(random, male ? _maleFirstNames : _femaleFirstNames, seeds),
      lastName: random.chance(0.7) ? primaryLast : pickName(random, _lastNames),
      birth,
    });
  }
  // Members after the first two are grown children when the first is old enough, else siblings or
  // flatmates. The last two grown children of a four-person household may be twins.
  const childrenAreAdults = thisYear - primaryBirth[0] >= 42;
  const twins = size === 4 && childrenAreAdults && random.chance(0.4 * hard);
  for (let i = seeds.length; i < size; i++) {
    const male = random.chance(0.5);
    const pool = male ? _maleFirstNames : _femaleFirstNames;
    const twin = twins && i === 3 ? seeds[2] : undefined;
    if (twin !== undefined) {
      // Twins: same surname, same birth date, same home; often alike first names.
      const alike = pool.filter((name) => name[0] === twin.firstName[0] && name !== twin.firstName);
      let firstName = alike.length > 0 && random.chance(0.5) ? random.pick(alike) : pickName(random, pool);
      while (seeds.some((seed) => seed.firstName === firstName)) firstName = pickName(random, pool);
      seeds.push({ male, firstName, lastName: twin.lastName, birth: twin.birth });
      continue;
    }
    const birth = childrenAreAdults
      ? makeBirth(random, settings.now, 18, Math.min(30, thisYear - primaryBirth[0] - 20))
      : makeBirth(random, settings.now, 19, 40);
    const lastName = childrenAreAdults || random.chance(0.5) ? primaryLast : pickName(random, _lastNames);
    seeds.push({ male, firstName: pickFamilyName(random, pool, seeds), lastName, birth });
  }

  const household: Household = {
    id: `household-${h + 1}`,
    landline: random.chance(size > 1 ? 0.35 * hard : 0.15) ? makePhone(random, home.place, false) : null,
    familyEmail:
      size > 1 && random.chance(0.15 * hard)
        ? claimMailbox(random, settings.mailboxes, `${random.pick(["the", "", "team"])}${asciiFold(primaryLast)}${random.pick(["family", "s", "household", "home"])}@${random.pick(_freeEmailDomains[country])}`)
        : null,
  };

  const people = seeds.map((seed, index): Person => {
    const traits: EntityTrait[] = [];
    if (size > 1) traits.push("household_member");
    if (index === 0 && commonName) traits.push("common_name");
    if (twins && index >= 2) traits.push("twin");
    if (household.landline !== null) traits.push("shares_phone");
    if (household.familyEmail !== null) traits.push("shares_email");

    const span = 6 * YEAR_MS;
    const start = settings.now - span;
    const moved = index >= 2 && childrenAreAdults ? random.chance(0.5) : random.chance(0.12);
    let address = home;
    let previousAddress: Address | null = null;
    if (moved) {
      traits.push("moved");
      const elsewhere = makeAddress(random, random.chance(0.9) ? country : pickCountry(random));
      // A grown child moved out of the family home; anyone else moved into it.
      if (index >= 2 && childrenAreAdults) [previousAddress, address] = [home, elsewhere];
      else previousAddress = elsewhere;
    }
    const moveAt = start + random.next() * span;

    let lastName = seed.lastName;
    let previousLastName: string | null = null;
    if (index === 1 && seed.lastName === seeds[0]?.lastName && random.chance(0.4)) {
      previousLastName = pickName(random, _lastNames);
      traits.push("name_changed");
    } else if (!seed.male && index === 0 && random.chance(0.04)) {
      previousLastName = lastName;
      lastName = pickName(random, _lastNames);
      traits.push("name_changed");
    }
    const nameChangeAt = start + random.next() * span;

    const email = claimMailbox(random, settings.mailboxes, makeEmail(random, seed.firstName, previousLastName !== null && random.chance(0.5) ? previousLastName : lastName, seed.birth[0], country));
    let previousEmail: string | null = null;
    if (random.chance(0.12)) {
      previousEmail = claimMailbox(random, settings.mailboxes, makeEmail(random, seed.firstName, previousLastName ?? lastName, seed.birth[0], country));
      if (previousEmail !== email) traits.push("email_changed");
      else previousEmail = null;
    }
    let workEmail: string | null = null;
    if (random.chance(0.15)) {
      const company = `${random.pick(_companyWords)}${random.pick(["", "corp", "group", "labs", "co"])}`;
      workEmail = claimMailbox(random, settings.mailboxes, `${asciiFold(seed.firstName)}.${asciiFold(lastName)}@${company}.${country === "US" ? "com" : random.pick(["com", country.toLowerCase()])}`);
      traits.push("has_work_email");
    }
    return {
      entityId: `person-${firstEntity + index + 1}`,
      male: seed.male,
      firstName: seed.firstName,
      lastName,
      previousLastName,
      nameChangeAt,
      birth: seed.birth,
      address,
      previousAddress,
      moveAt,
      mobile: makePhone(random, address.place, true),
      email,
      previousEmail,
      emailChangeAt: start + random.next() * span,
      workEmail,
      customerId: random.chance(0.75) ? customerIdOf(firstEntity + index, settings.seed) : null,
      traits,
    };
  });
  return { household, people };
}

// ---------------------------------------------------------------------------------------------------------
// Records

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

function* makeRecords(
  random: _Random,
  person: Person,
  household: Household,
  settings: Settings,
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
  for (let i = 0; i < count; i++) times.push(settings.now - random.next() * 6 * YEAR_MS);
  times.sort((a, b) => a - b);
  for (const time of times) {
    const source = pickSource(random, settings.sources);
    const n = (counters.get(source) ?? 0) + 1;
    counters.set(source, n);
    const noise: RecordNoise[] = [];
    const record = makeRecord(random, person, household, settings, source, `${source}-${n}`, time, noise);
    yield { record, entityId: person.entityId, householdId: household.id, noise: [...new Set(noise)], traits: person.traits };
  }
}

function makeRecord(
  random: _Random,
  person: Person,
  household: Household,
  settings: Settings,
  source: CustomerSource,
  id: string,
  time: number,
  noise: RecordNoise[],
): GeneratedCustomerRecord {
  const k = settings.noise;
  const has = coverage[source];
  const record: Record<string, string> = { id, source, updatedAt: formatTimestamp(random, time, source, k, noise) };
  const present = (field: string): boolean => random.chance((_own(has, field) as number | undefined) ?? 0);

  if (person.customerId !== null && present("customerId")) record["customerId"] = person.customerId;
  if (present("name")) addName(random, person, source, time, k, record, noise);
  if (present("email")) addEmail(random, person, household, source, time, settings, record, noise);
  if (present("phone")) addPhone(random, person, household, settings, record, noise);
  if (present("dateOfBirth")) addBirthDate(random, person, source, settings, record, noise);
  const address = person.previousAddress !== null && time < person.moveAt ? person.previousAddress : person.address;
  const old = address !== person.address;
  if (present("address")) {
    addAddress(random, address, k, record, noise);
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

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function formatTimestamp(random: _Random, time: number, source: CustomerSource, k: number, noise: RecordNoise[]): string {
  const iso = new Date(Math.floor(time / 1000) * 1000).toISOString();
  if (source === "support" && random.chance(0.05 * k)) {
    noise.push("timestamp_no_zone");
    return iso.slice(0, 19).replace("T", " ");
  }
  if (source === "web" || source === "orders") {
    // Same instant, expressed with an offset, as many systems send it.
    const offset = random.pick([0, 60, -300, -420, 330]);
    const local = new Date(time + offset * 60_000);
    const sign = offset < 0 ? "-" : "+";
    const abs = Math.abs(offset);
    const stamp = local.toISOString().slice(0, 19);
    return offset === 0 ? `${stamp}Z` : `${stamp}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  return iso;
}

const KEYBOARD_NEIGHBOURS: _Dict<string> = _dict({
  a: "sqz", b: "vn", c: "xv", d: "sf", e: "wr", f: "dg", g: "fh", h: "gj", i: "uo", j: "hk", k: "jl", l: "k",
  m: "n", n: "bm", o: "ip", p: "o", q: "w", r: "et", s: "ad", t: "ry", u: "yi", v: "cb", w: "qe", x: "zc",
  y: "tu", z: "x",
});

function typo(random: _Random, text: string): string {
  if (text.length < 3) return text;
  const i = random.int(1, text.length - 2);
  const ch = text[i] as string;
  switch (random.int(0, 3)) {
    case 0: {
      const near = KEYBOARD_NEIGHBOURS[ch.toLowerCase()];
      return near === undefined ? text : text.slice(0, i) + pickChar(random, near) + text.slice(i + 1);
    }
    case 1:
      return text.slice(0, i) + (text[i + 1] ?? "") + ch + text.slice(i + 2);
    case 2:
      return text.slice(0, i) + text.slice(i + 1);
    default:
      return text.slice(0, i) + ch + text.slice(i);
  }
}

function messCase(random: _Random, text: string, k: number, noise: RecordNoise[]): string {
  let out = text;
  if (random.chance(0.12 * k)) {
    out = random.chance(0.5) ? out.toUpperCase() : out.toLowerCase();
    noise.push("name_case");
  }
  if (random.chance(0.06 * k)) {
    out = random.pick([` ${out}`, `${out} `, `  ${out}  `, out.replace(" ", "  ")]);
    noise.push("name_whitespace");
  }
  return out;
}

function addName(
  random: _Random,
  person: Person,
  source: CustomerSource,
  time: number,
  k: number,
  record: Record<string, string>,
  noise: RecordNoise[],
): void {
  let first = person.firstName;
  const nicknames = _nicknames[first];
  const nicknameRate = source === "crm" ? 0.04 : source === "support" || source === "web" ? 0.25 : 0.12;
  if (nicknames !== undefined && random.chance(nicknameRate * k)) {
    first = random.pick(nicknames);
    noise.push("nickname");
  }
  let last = person.lastName;
  if (person.previousLastName !== null && (time < person.nameChangeAt || random.chance(0.08))) {
    last = person.previousLastName;
    noise.push("old_last_name");
  }
  const typoRoll = random.next();
  if (typoRoll < 0.08 * k) {
    if (typoRoll < 0.04 * k) first = typo(random, first);
    else last = typo(random, last);
    noise.push("name_typo");
  }
  const fullNameRate = source === "support" ? 0.4 : source === "web" ? 0.3 : 0.02;
  if (random.chance(fullNameRate)) {
    noise.push("full_name_only");
    const full = random.chance(0.2) ? `${last}, ${first}` : `${random.chance(0.05) ? random.pick(["Mr. ", "Ms. ", "Dr. ", "Mrs. "]) : ""}${first} ${last}`;
    record["fullName"] = messCase(random, full, k, noise);
    return;
  }
  record["firstName"] = messCase(random, first, k, noise);
  if (source !== "newsletter" || random.chance(0.5)) record["lastName"] = messCase(random, last, k, noise);
}

function addEmail(
  random: _Random,
  person: Person,
  household: Household,
  source: CustomerSource,
  time: number,
  settings: Settings,
  record: Record<string, string>,
  noise: RecordNoise[],
): void {
  const k = settings.noise;
  if (random.chance(0.012 * settings.hard)) {
    record["email"] = random.pick(_placeholderEmails);
    noise.push("placeholder_email");
    return;
  }
  let email = person.previousEmail !== null && time < person.emailChangeAt ? person.previousEmail : person.email;
  if (email !== person.email) noise.push("email_alternate");
  if (household.familyEmail !== null && (source === "orders" || source === "support" || source === "newsletter") && random.chance(0.4)) {
    email = household.familyEmail;
    noise.push("email_family");
  } else if (person.workEmail !== null && (source === "orders" || source === "support" || source === "crm") && random.chance(0.3)) {
    email = person.workEmail;
    noise.push("email_alternate");
  }
  const at = email.lastIndexOf("@");
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (domain === "gmail.com" && random.chance(0.12 * k)) {
    local = random.chance(0.5) ? local.replace(/\./g, "") : `${local}+${random.pick(["shop", "news", "promo", "2024", "orders"])}`;
    if (!local.includes("+") && local === email.slice(0, at)) local = `${local.slice(0, 2)}.${local.slice(2)}`;
    noise.push("email_gmail_variant");
  }
  const typos = _domainTypos[domain];
  if (typos !== undefined && (source === "web" || source === "newsletter" || source === "support") && random.chance(0.05 * k)) {
    domain = random.pick(typos);
    noise.push("email_domain_typo");
  }
  let out = `${local}@${domain}`;
  if (random.chance(0.1 * k)) {
    out = random.chance(0.5) ? out.toUpperCase() : `${local.slice(0, 1).toUpperCase()}${local.slice(1)}@${domain.slice(0, 1).toUpperCase()}${domain.slice(1)}`;
    noise.push("email_case");
  }
  if (random.chance(0.04 * k)) {
    out = random.pick([` ${out}`, `${out} `, `${out}\t`]);
    noise.push("email_whitespace");
  }
  record["email"] = out;
}

function formatPhone(random: _Random, e164: string, k: number, noise: RecordNoise[]): string {
  if (!random.chance(0.85 * Math.min(k, 1.15))) return e164;
  noise.push("phone_format");
  if (e164.startsWith("+1")) {
    const a = e164.slice(2, 5);
    const b = e164.slice(5, 8);
    const c = e164.slice(8);
    return random.pick([
      `(${a}) ${b}-${c}`,
      `${a}-${b}-${c}`,
      `${a}.${b}.${c}`,
      `${a}${b}${c}`,
      `+1 ${a} ${b} ${c}`,
      `1-${a}-${b}-${c}`,
      `+1 (${a}) ${b}-${c}`,
      `${a} ${b} ${c}`,
    ]) + (random.chance(0.01 * k) ? ` x${random.int(10, 999)}` : "");
  }
  const cc = e164.startsWith("+44") ? "44" : "49";
  const national = e164.slice(1 + cc.length);
  const head = national.startsWith("7") || national.startsWith("17") ? 4 : national.startsWith("20") || national.startsWith("30") || national.startsWith("40") || national.startsWith("89") || national.startsWith("69") ? 2 : 3;
  return random.pick([
    `0${national.slice(0, head)} ${national.slice(head)}`,
    `0${national}`,
    `+${cc} ${national.slice(0, head)} ${national.slice(head)}`,
    `+${cc} (0)${national.slice(0, head)} ${national.slice(head)}`,
    `00${cc}${national}`,
    `${cc}${national}`,
  ]);
}

function addPhone(
  random: _Random,
  person: Person,
  household: Household,
  settings: Settings,
  record: Record<string, string>,
  noise: RecordNoise[],
): void {
  if (random.chance(0.01 * settings.hard)) {
    record["phone"] = random.pick(_placeholderPhones);
    noise.push("placeholder_phone");
    return;
  }
  let e164 = person.mobile;
  if (household.landline !== null && random.chance(0.35)) {
    e164 = household.landline;
    noise.push("phone_household");
  }
  record["phone"] = formatPhone(random, e164, settings.noise, noise);
}

function addBirthDate(
  random: _Random,
  person: Person,
  source: CustomerSource,
  settings: Settings,
  record: Record<string, string>,
  noise: RecordNoise[],
): void {
  if (random.chance(0.006 * settings.hard)) {
    record["dateOfBirth"] = random.pick(_placeholderBirthDates);
    noise.push("placeholder_birth_date");
    return;
  }
  const m = person.birth[1];
  let [y, , d] = person.birth;
  if (random.chance(0.02 * settings.noise)) {
    noise.push("date_typo");
    if (random.chance(0.5)) d = d >= 28 ? d - 1 : d + 1;
    else y += random.chance(0.5) ? 1 : -1;
  }
  const country = person.address.place.country;
  const numeric = country === "US" ? `${pad(m)}/${pad(d)}/${y}` : country === "DE" ? `${pad(d)}.${pad(m)}.${y}` : `${pad(d)}/${pad(m)}/${y}`;
  const formats: Readonly<Record<CustomerSource, readonly string[]>> = {
    crm: [`${y}-${pad(m)}-${pad(d)}`],
    web: [numeric, `${y}-${pad(m)}-${pad(d)}`],
    orders: [`${MONTHS[m - 1] as string} ${d}, ${y}`, `${d} ${(MONTHS[m - 1] as string).slice(0, 3)} ${y}`],
    support: [`${y}${pad(m)}${pad(d)}`, `${y}-${pad(m)}-${pad(d)}`],
    newsletter: [numeric, `${(MONTHS[m - 1] as string).slice(0, 3)} ${d} ${y}`],
  };
  const choices = formats[source];
  const value = random.chance(0.15 * settings.noise) ? random.pick([numeric, `${y}${pad(m)}${pad(d)}`, `${d} ${MONTHS[m - 1] as string} ${y}`]) : random.pick(choices);
  if (value !== `${y}-${pad(m)}-${pad(d)}`) noise.push("date_format");
  record["dateOfBirth"] = value;
}

function addAddress(random: _Random, address: Address, k: number, record: Record<string, string>, noise: RecordNoise[]): void {
  const [suffixLong, suffixShort] = _streetSuffixes[address.suffix] as readonly [string, readonly string[]];
  const abbreviate = random.chance(0.5 * Math.min(k, 2));
  if (abbreviate) noise.push("address_abbreviation");
  const directional = address.directional >= 0 ? (_directionals[address.directional] as readonly [string, string]) : null;
  let street: string;
  if (address.place.country === "DE") {
    const name = `${address.streetName}${abbreviate ? "str." : "straße"}`;
    street = `${name} ${address.number}`;
  } else {
    const dir = directional === null ? "" : `${abbreviate ? directional[1] : directional[0]} `;
    const suffix = abbreviate ? random.pick(suffixShort) : suffixLong;
    street = `${address.number} ${dir}${address.streetName} ${suffix}`;
    if (address.unit !== null) {
      const [designatorLong, designatorShort] = _unitDesignators[address.unit[0]] as readonly [string, readonly string[]];
      const designator = abbreviate ? random.pick(designatorShort) : designatorLong;
      street += designator.endsWith("#") ? ` ${designator}${address.unit[1]}` : `, ${designator} ${address.unit[1]}`;
    }
  }
  if (random.chance(0.1 * k)) {
    street = random.chance(0.5) ? street.toUpperCase() : street.toLowerCase();
    noise.push("address_case");
  }
  record["street"] = street;
  const region = address.place.region;
  let city = address.place.city;
  if (region !== "" && random.chance(0.3)) city = `${city}, ${random.chance(0.3 * k) ? (_provinceNames[region] ?? region) : region}`;
  record["city"] = random.chance(0.08 * k) ? city.toUpperCase() : city;
  let postalCode = address.postalCode;
  if (random.chance(0.15 * k)) {
    postalCode =
      address.place.country === "GB" || address.place.country === "CA"
        ? random.chance(0.5) ? postalCode.replace(" ", "") : postalCode.toLowerCase()
        : address.place.country === "US" && postalCode.includes("-") ? postalCode.slice(0, 5) : ` ${postalCode}`;
    noise.push("postal_code_format");
  }
  record["postalCode"] = postalCode;
}
