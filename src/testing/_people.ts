// The generator's people: households, names, addresses, phones, emails and birth dates, before any noise.
import { type _Random } from "../shared/_random.js";
import { _companyWords, _countryWeights, _femaleFirstNames, _freeEmailDomains, _germanStreetNames, _lastNames, _maleFirstNames, _nicknames, _places, _streetNames, _streetSuffixes, _unitDesignators, type _Place } from "./_data.js";
import { type CustomerSource, type EntityTrait } from "./types.js";

export interface _Address {
  readonly place: _Place;
  readonly number: number;
  readonly directional: number; // index into _directionals, or -1
  readonly streetName: string;
  readonly suffix: number; // index into _streetSuffixes
  readonly unit: readonly [number, number] | null; // [designator index, unit number]
  readonly postalCode: string;
}

export interface _Person {
  readonly entityId: string;
  readonly male: boolean;
  readonly firstName: string;
  readonly lastName: string;
  /** Surname used before `nameChangeAt`. */
  readonly previousLastName: string | null;
  readonly nameChangeAt: number;
  readonly birth: readonly [number, number, number];
  readonly address: _Address;
  readonly previousAddress: _Address | null;
  readonly moveAt: number;
  readonly mobile: string; // E.164
  readonly email: string;
  readonly previousEmail: string | null;
  readonly emailChangeAt: number;
  readonly workEmail: string | null;
  readonly customerId: string | null;
  readonly traits: EntityTrait[];
}

export interface _Household {
  readonly id: string;
  readonly landline: string | null;
  readonly familyEmail: string | null;
}

export interface _Settings {
  readonly seed: number;
  readonly now: number;
  readonly sources: readonly CustomerSource[];
  readonly noise: number;
  readonly hard: number;
  /** _Mailboxes already given out: two people never share one by accident (sharing is a deliberate hard negative). */
  readonly mailboxes: _Mailboxes;
}

/**
 * A Bloom filter of issued mailboxes (lower case, Gmail dots ignored): fixed memory whatever the size of
 * the data set. A false positive only gives someone a digit more in their address.
 */
export class _Mailboxes {
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
function claimMailbox(random: _Random, mailboxes: _Mailboxes, email: string): string {
  let candidate = email;
  for (let attempt = 0; attempt < 12 && mailboxes.has(mailboxKey(candidate)); attempt++) {
    const at = email.lastIndexOf("@");
    candidate = `${email.slice(0, at)}${random.int(attempt < 4 ? 2 : 10, attempt < 4 ? 99 : 99_999)}${email.slice(at)}`;
  }
  mailboxes.add(mailboxKey(candidate));
  return candidate;
}

export const _YEAR_MS: number = 365.25 * 24 * 3600 * 1000;

export const _MONTHS: readonly string[] = [
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

function makeAddress(random: _Random, country: _Place["country"]): _Address {
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
      postalCode = `${prefix} ${random.int(1, 9)}${_pickChar(random, "ABDEFGHJLNPQRSTUWXYZ")}${_pickChar(random, "ABDEFGHJLNPQRSTUWXYZ")}`;
      break;
    case "CA":
      postalCode = `${prefix} ${random.int(0, 9)}${_pickChar(random, "ABCEGHJKLMNPRSTVWXYZ")}${random.int(0, 9)}`;
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

export function _pickChar(random: _Random, characters: string): string {
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

export function _makeHousehold(
  random: _Random,
  h: number,
  firstEntity: number,
  remaining: number,
  settings: _Settings,
): { household: _Household; people: _Person[] } {
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

  const household: _Household = {
    id: `household-${h + 1}`,
    landline: random.chance(size > 1 ? 0.35 * hard : 0.15) ? makePhone(random, home.place, false) : null,
    familyEmail:
      size > 1 && random.chance(0.15 * hard)
        ? claimMailbox(random, settings.mailboxes, `${random.pick(["the", "", "team"])}${asciiFold(primaryLast)}${random.pick(["family", "s", "household", "home"])}@${random.pick(_freeEmailDomains[country])}`)
        : null,
  };

  const people = seeds.map((seed, index): _Person => {
    const traits: EntityTrait[] = [];
    if (size > 1) traits.push("household_member");
    if (index === 0 && commonName) traits.push("common_name");
    if (twins && index >= 2) traits.push("twin");
    if (household.landline !== null) traits.push("shares_phone");
    if (household.familyEmail !== null) traits.push("shares_email");

    const span = 6 * _YEAR_MS;
    const start = settings.now - span;
    const moved = index >= 2 && childrenAreAdults ? random.chance(0.5) : random.chance(0.12);
    let address = home;
    let previousAddress: _Address | null = null;
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

