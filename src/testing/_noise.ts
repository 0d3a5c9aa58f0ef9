// The noise the generator applies as each source writes a record: typos, formats, case, missing fields.
import { type _Random } from "../shared/_random.js";
import { _dict, type _Dict } from "../shared/_dict.js";
import { _directionals, _domainTypos, _nicknames, _placeholderBirthDates, _placeholderEmails, _placeholderPhones, _provinceNames, _streetSuffixes, _unitDesignators } from "./_data.js";

import { type _Address, type _Household, _MONTHS, type _Person, type _Settings, _pickChar } from "./_people.js";
import { type CustomerSource, type RecordNoise } from "./types.js";

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function _formatTimestamp(random: _Random, time: number, source: CustomerSource, k: number, noise: RecordNoise[]): string {
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

/** One typo inside a word: a neighbouring key, two letters swapped, one dropped or doubled. */
export function _typo(random: _Random, text: string): string {
  if (text.length < 3) return text;
  const i = random.int(1, text.length - 2);
  const ch = text[i] as string;
  switch (random.int(0, 3)) {
    case 0: {
      const near = KEYBOARD_NEIGHBOURS[ch.toLowerCase()];
      return near === undefined ? text : text.slice(0, i) + _pickChar(random, near) + text.slice(i + 1);
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

export function _addName(
  random: _Random,
  person: _Person,
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
    if (typoRoll < 0.04 * k) first = _typo(random, first);
    else last = _typo(random, last);
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

export function _addEmail(
  random: _Random,
  person: _Person,
  household: _Household,
  source: CustomerSource,
  time: number,
  settings: _Settings,
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

export function _addPhone(
  random: _Random,
  person: _Person,
  household: _Household,
  settings: _Settings,
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

export function _addBirthDate(
  random: _Random,
  person: _Person,
  source: CustomerSource,
  settings: _Settings,
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
    orders: [`${_MONTHS[m - 1] as string} ${d}, ${y}`, `${d} ${(_MONTHS[m - 1] as string).slice(0, 3)} ${y}`],
    support: [`${y}${pad(m)}${pad(d)}`, `${y}-${pad(m)}-${pad(d)}`],
    newsletter: [numeric, `${(_MONTHS[m - 1] as string).slice(0, 3)} ${d} ${y}`],
  };
  const choices = formats[source];
  const value = random.chance(0.15 * settings.noise) ? random.pick([numeric, `${y}${pad(m)}${pad(d)}`, `${d} ${_MONTHS[m - 1] as string} ${y}`]) : random.pick(choices);
  if (value !== `${y}-${pad(m)}-${pad(d)}`) noise.push("date_format");
  record["dateOfBirth"] = value;
}

export function _addAddress(random: _Random, address: _Address, k: number, record: Record<string, string>, noise: RecordNoise[]): void {
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

