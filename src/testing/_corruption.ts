// Heavier corruption, applied after a source wrote its record: what messy real data does to names, dates
// and identifiers beyond a typo. Drawn from a random stream of its own (keyed by the record's id), so the
// rest of the generator's output for a seed is unchanged by it.
import { _dict, type _Dict } from "../shared/_dict.js";
import { _hash32 } from "../shared/_hash.js";
import { _createRandom, _deriveSeed, type _Random } from "../shared/_random.js";
import { _typo } from "./_noise.js";
import { type RecordNoise } from "./types.js";

/** Titles and honorifics that land in a first-name column. */
const TITLES: readonly string[] = ["Sir", "Dr", "Dr.", "Rev.", "Lady", "Lord", "Dame", "Prof.", "Mrs", "Mr."];

/**
 * The generator's names in other languages (the generator's own list: a matcher is not told these). Some
 * are forms a name table may not know.
 */
const OTHER_LANGUAGES: _Dict<readonly string[]> = _dict({
  James: ["Diego", "Jacques", "Giacomo", "Jaime"],
  John: ["Johann", "Juan", "Giovanni", "João", "Johannes"],
  Michael: ["Miguel", "Michel", "Michele", "Mikhail"],
  William: ["Wilhelm", "Guillaume", "Guillermo", "Willem"],
  Joseph: ["José", "Josef", "Giuseppe"],
  Thomas: ["Tomás", "Tomasz", "Tommaso"],
  Charles: ["Karl", "Carlos", "Carlo", "Karel"],
  Peter: ["Pierre", "Pedro", "Pietro", "Piotr"],
  Paul: ["Pablo", "Paolo", "Pavel"],
  George: ["Georg", "Jorge", "Giorgio"],
  Henry: ["Heinrich", "Henri", "Enrique"],
  Stephen: ["Stefan", "Esteban", "Étienne"],
  Anthony: ["Antonio", "Anton", "Antoine"],
  Andrew: ["Andreas", "André", "Andrés"],
  Matthew: ["Matthias", "Mateo", "Matteo"],
  Nicholas: ["Nicolás", "Nikolaus", "Nicola"],
  Richard: ["Ricardo", "Riccardo"],
  Edward: ["Eduardo", "Eduard"],
  Alexander: ["Alejandro", "Alessandro", "Alexandre"],
  Frank: ["Franz", "François", "Francisco"],
  Mary: ["María", "Marie", "Maria"],
  Elizabeth: ["Elisabeth", "Isabel", "Elisabetta"],
  Catherine: ["Katharina", "Catalina", "Caterina"],
  Margaret: ["Margarethe", "Margarita", "Marguerite"],
  Helen: ["Helena", "Elena", "Hélène"],
  Susan: ["Susanne", "Suzanne", "Susana"],
  Joan: ["Johanna", "Juana", "Jeanne"],
  Teresa: ["Theresa", "Thérèse"],
  Victoria: ["Viktoria", "Vittoria"],
  Sophia: ["Sofia", "Sophie"],
  Lucía: ["Lucy", "Lucie"],
  Emily: ["Emilia", "Emilie"],
});

/** Ways a customer id is rewritten by another system. */
function idVariant(random: _Random, id: string): string {
  const digits = id.replace(/\D/g, "");
  const prefix = id.replace(/[^A-Za-z]/g, "");
  const bare = digits.replace(/^0+(?=\d)/, "");
  return random.pick([`${prefix}${digits}`, `${prefix.toLowerCase()}-${digits}`, bare, `C${bare}`, `${prefix} ${digits.slice(0, 4)} ${digits.slice(4)}`, digits]);
}

/** One digit of a date changed (not the century): a date that may no longer be valid, as sources send. */
function dateDigitTypo(random: _Random, date: string): string {
  const positions: number[] = [];
  const year = /\d{4}/.exec(date);
  for (let i = 0; i < date.length; i++) {
    if (!/\d/.test(date[i] as string)) continue;
    if (year !== null && (i === year.index || i === year.index + 1)) continue;
    positions.push(i);
  }
  if (positions.length === 0) return date;
  const at = random.pick(positions);
  const old = Number(date[at]);
  const digit = (old + random.int(1, 9)) % 10;
  return `${date.slice(0, at)}${digit}${date.slice(at + 1)}`;
}

/**
 * Corrupts one record in place (a few percent of records, times `k`), recording what it did: a title in
 * the first-name column, given and family names swapped, the surname as the only name, a year-only or a
 * sentinel birth date, the first name in another language, a customer id in another format, or both names
 * and the date mistyped at once.
 */
export function _corrupt(seed: number, record: Record<string, string>, k: number, noise: RecordNoise[]): void {
  if (k <= 0) return;
  const random = _createRandom(_deriveSeed(seed ^ 0x2c1b3c6d, _hash32(record["id"] as string, 0x811c9dc5)));
  const first = record["firstName"];
  const last = record["lastName"];
  const dob = record["dateOfBirth"];
  if (first !== undefined && random.chance(0.012 * k)) {
    record["firstName"] = random.chance(0.7) ? `${random.pick(TITLES)} ${first}` : random.pick(TITLES);
    noise.push("name_title");
  }
  if (first !== undefined && last !== undefined && random.chance(0.01 * k)) {
    if (random.chance(0.5)) {
      record["firstName"] = last;
      record["lastName"] = first;
      noise.push("name_swapped");
    } else {
      record["firstName"] = last;
      delete record["lastName"];
      noise.push("surname_as_first_name");
    }
  }
  const variants = first === undefined ? undefined : OTHER_LANGUAGES[first.trim().replace(/^\w/, (c) => c.toUpperCase())];
  if (variants !== undefined && record["firstName"] === first && random.chance(0.08 * k)) {
    record["firstName"] = random.pick(variants);
    noise.push("name_other_language");
  }
  if (dob !== undefined && random.chance(0.015 * k)) {
    const year = /\d{4}/.exec(dob)?.[0];
    if (year !== undefined) {
      record["dateOfBirth"] = random.chance(0.5) ? year : `${year}-01-01`;
      noise.push("date_year_only");
    }
  } else if (dob !== undefined && random.chance(0.004 * k)) {
    record["dateOfBirth"] = random.pick(["1800-01-01", "1900-01-01", "01/01/1900"]);
    noise.push("date_sentinel");
  }
  const customerId = record["customerId"];
  if (customerId !== undefined && random.chance(0.05 * k)) {
    record["customerId"] = idVariant(random, customerId);
    noise.push("customer_id_format");
  }
  const nowFirst = record["firstName"];
  const nowLast = record["lastName"];
  const nowDob = record["dateOfBirth"];
  if (nowFirst !== undefined && nowLast !== undefined && nowDob !== undefined && !noise.some((tag) => tag === "date_sentinel" || tag === "date_year_only" || tag === "placeholder_birth_date") && random.chance(0.05 * k)) {
    record["firstName"] = _typo(random, nowFirst);
    record["lastName"] = _typo(random, nowLast);
    record["dateOfBirth"] = dateDigitTypo(random, nowDob);
    noise.push("names_and_date_typos");
  }
}
