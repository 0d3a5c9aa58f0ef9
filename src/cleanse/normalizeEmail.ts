import { _createIssue, _issuesOrNone, _NO_ISSUES } from "../errors/_createIssue.js";
import type { Issue, IssuePath } from "../errors/issue.js";
import {
  _commonTopLevel,
  _disposableDomains,
  _freeProviders,
  _isTopLevelDomain,
  _placeholderDomains,
  _placeholderLocalParts,
  _popularDomains,
  _providerHomes,
  _roleLocalParts,
  _topLevelTypos,
} from "./_emailData.js";
import { _checkOptionKeys, _NO_PATH, _pathOption, _unreadableOptions, type _KeyList } from "../errors/_checkOptions.js";
import { _editDistanceWithin } from "../shared/_editDistance.js";
import { _readText, _sameText } from "../shared/_text.js";
import type { FieldStatus } from "../shared/types.js";

/** Options of {@link normalizeEmail}. */
export interface NormalizeEmailOptions {
  /** Where the value sits, for issue paths. Default `[]`. */
  readonly path?: IssuePath;
}

/** A standardised email address. */
export interface NormalizedEmail {
  /** The deliverable address: trimmed, lower-cased, domain in ASCII (punycode). Null when missing or unusable. Never rewritten beyond that. */
  readonly value: string | null;
  /** Exactly what came in. */
  readonly original: unknown;
  /** `valid` (already standard), `fixed` (standardised), `invalid` or `missing`. */
  readonly status: FieldStatus;
  /** The problems found; messages never contain the address. */
  readonly issues: readonly Issue[];
  /**
   * A key for matching addresses of one mailbox, never for sending: `+tags` removed, Gmail dots removed,
   * googlemail.com read as gmail.com, and a misspelled provider domain read as its suggestion.
   */
  readonly matchKey: string | null;
  /** The domain, in ASCII. */
  readonly domain: string | null;
  /** A likely intended domain when this one looks misspelled (gmial.com → gmail.com). */
  readonly suggestion: string | null;
  /** The domain is a disposable email service. */
  readonly disposable: boolean;
  /** The local part is a role (info@, sales@…). */
  readonly role: boolean;
  /** The domain is a free mailbox provider. */
  readonly freeProvider: boolean;
  /** The address is a placeholder such as test@test.com (then `value` is null). */
  readonly placeholder: boolean;
}

const MAX_ADDRESS = 254;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
// Dot-atom (RFC 5322) with Unicode letters and digits allowed (RFC 6531). The dot is not in the character
// class, so the pattern cannot backtrack: linear time.
const LOCAL_PART = /^[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+)*$/u;
// Stryker disable next-line Regex: a fast path; an ASCII local part it refuses still goes to LOCAL_PART, so a stricter mutant changes nothing (looser ones are killed by tests)
const ASCII_LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
// Stryker disable next-line Regex: a fast path; the URL parser gives an ASCII domain back unchanged, or refuses it as the label check does
const ASCII_ONLY = /^[\x20-\x7e]*$/;
const RESERVED_TOP_LEVEL = new Set(["test", "example", "invalid", "localhost", "local"]);
const RESERVED_DOMAINS = new Set(["example.com", "example.net", "example.org"]);
const EMAIL_OPTIONS: _KeyList<NormalizeEmailOptions, ["path"]> = ["path"];

/**
 * Standardises one email address: trims and lower-cases it, checks it against a practical subset of RFC
 * 5321/5322 (with internationalised domains), flags disposable, role and free-provider addresses and
 * placeholders, suggests a fix for a misspelled provider domain, and derives a separate matching key.
 * It never changes where mail would be delivered. Idempotent: the standard address reads back as itself.
 * Never throws on a value.
 *
 * @param value - any JSON value
 * @param options - `path` for issues (undefined: `[]`)
 * @returns the standard address, the original, a status, issues, the matching key and flags
 * @throws ProfileKitError `invalid_options` for options of the wrong type or an unknown option key
 * @example
 * ```ts
 * normalizeEmail("  John.Smith+news@GMIAL.com ");
 * // value "john.smith+news@gmial.com", suggestion "gmail.com", matchKey "johnsmith@gmail.com"
 * ```
 */
export function normalizeEmail(value: unknown, options?: NormalizeEmailOptions): NormalizedEmail {
  let path = _NO_PATH;
  if (options !== undefined) {
    try {
      _checkOptionKeys("normalizeEmail", options, EMAIL_OPTIONS);
      path = _pathOption("normalizeEmail", options.path);
    } catch (error) {
      throw _unreadableOptions("normalizeEmail", error);
    }
  }
  // Absent and null values share one frozen result: a batch of records without emails keeps none alive.
  if (value === undefined) return ABSENT;
  if (value === null) return NULL;
  const issues: Issue[] = [];
  const read = _readText(value, path, { maxLength: MAX_ADDRESS }, issues);
  if (read.text === null) return empty(value, read.missing ? "missing" : "invalid", issues);
  const text = read.text.replace(/^mailto:/i, "");

  const at = text.lastIndexOf("@");
  if (at < 0) return invalid(value, issues, path, "missing_at");
  const local = text.slice(0, at).toLowerCase();
  const rawDomain = text.slice(at + 1).toLowerCase().replace(/\.$/, "");
  if (local === "") return invalid(value, issues, path, "empty_local_part");
  if (utf8Length(local) > MAX_LOCAL) return invalid(value, issues, path, "local_part_too_long");
  if (!ASCII_LOCAL_PART.test(local) && !LOCAL_PART.test(local)) return invalid(value, issues, path, "invalid_local_part");

  const domain = toAsciiDomain(rawDomain);
  if (domain === null) return invalid(value, issues, path, "invalid_domain");
  if (domain.length > MAX_DOMAIN) return invalid(value, issues, path, "domain_too_long");
  const labels = domain.split(".");
  if (labels.length < 2) return invalid(value, issues, path, "missing_top_level_domain");
  for (const label of labels) if (!LABEL.test(label)) return invalid(value, issues, path, "invalid_domain");
  const topLevel = labels[labels.length - 1] as string;
  if (!TOP_LEVEL.test(topLevel)) return invalid(value, issues, path, "missing_top_level_domain");
  if (RESERVED_TOP_LEVEL.has(topLevel) || RESERVED_DOMAINS.has(domain)) return invalid(value, issues, path, "reserved_domain");

  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS) return invalid(value, issues, path, "too_long");

  const plus = local.indexOf("+");
  const mailbox = plus > 0 ? local.slice(0, plus) : local;
  if (isPlaceholder(mailbox, domain, labels)) {
    issues.push(_createIssue("placeholder_value", path, { kind: "email" }));
    return { ...empty(value, "invalid", issues), domain, placeholder: true };
  }

  if (!_isTopLevelDomain(topLevel)) {
    // No such top-level domain (acme.comn, gmail.cöm): mail cannot be delivered. A close one is suggested,
    // and the suggestion is what matching reads, as for a misspelled provider.
    issues.push(_createIssue("invalid_email", path, { reason: "unknown_top_level_domain" }));
    const fixed = suggestTopLevel(rawDomain, labels);
    const suggestion = fixed === null ? null : (suggestDomain(fixed, fixed.split(".")) ?? fixed);
    if (suggestion !== null) issues.push(_createIssue("email_domain_typo", path, { suggestion }));
    return { ...empty(value, "invalid", issues), domain, suggestion, matchKey: suggestion === null ? null : keyOf(mailbox, suggestion) };
  }

  const freeProvider = _freeProviders.has(domain);
  const suggestion = freeProvider ? null : suggestDomain(domain, labels);
  if (suggestion !== null) issues.push(_createIssue("email_domain_typo", path, { suggestion }));
  // A misspelled provider domain is often registered by a throw-away service; the typo is the real story.
  const disposable = !freeProvider && suggestion === null && isDisposable(labels);
  if (disposable) issues.push(_createIssue("disposable_email", path, {}));
  const role = _roleLocalParts.has(mailbox);
  if (role) issues.push(_createIssue("role_email", path, {}));

  const standard = _sameText(value, address);
  const matchKey = keyOf(mailbox, suggestion ?? domain);
  return {
    value: standard,
    original: value,
    status: value === address ? "valid" : "fixed",
    issues: _issuesOrNone(issues),
    // Most keys are the address itself: then one string, not two equal ones.
    matchKey: _sameText(standard, matchKey),
    domain,
    suggestion,
    disposable,
    role,
    freeProvider,
    placeholder: false,
  };
}

function empty(original: unknown, status: FieldStatus, issues: readonly Issue[]): NormalizedEmail {
  return {
    value: null,
    original,
    status,
    issues,
    matchKey: null,
    domain: null,
    suggestion: null,
    disposable: false,
    role: false,
    freeProvider: false,
    placeholder: false,
  };
}

const ABSENT: NormalizedEmail = Object.freeze(empty(undefined, "missing", _NO_ISSUES));
const NULL: NormalizedEmail = Object.freeze(empty(null, "missing", _NO_ISSUES));

function invalid(original: unknown, issues: Issue[], path: IssuePath, reason: Extract<Issue, { code: "invalid_email" }>["reason"]): NormalizedEmail {
  issues.push(_createIssue("invalid_email", path, { reason }));
  return empty(original, "invalid", issues);
}

function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Stryker disable next-line EqualityOperator: U+0080, the only code the boundary changes, is a control character removed before
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

function toAsciiDomain(domain: string): string | null {
  if (domain === "") return null;
  // Stryker disable next-line ConditionalExpression: the fast path (see ASCII_ONLY)
  if (ASCII_ONLY.test(domain)) return domain;
  // Internationalised domain: WHATWG URL applies IDNA (UTS #46) and yields the punycode form.
  if (/[/?#@:[\]\\%\s]/.test(domain)) return null;
  try {
    const host = new URL(`http://${domain}/`).hostname;
    // Stryker disable next-line ConditionalExpression,StringLiteral: an http URL with an empty host does not parse (a guard, never reached)
    return host === "" ? null : host;
  } catch {
    return null;
  }
}

function isPlaceholder(mailbox: string, domain: string, labels: readonly string[]): boolean {
  if (_placeholderDomains.has(domain)) return true;
  // A placeholder word at a company's domain, or at a domain whose first label is one too (test@test.net,
  // test@email.com; the same word twice is such a domain).
  // Stryker disable next-line StringLiteral: labels has at least two entries here, so the fallback of ?? is never read
  if (_placeholderLocalParts.has(mailbox) && (_placeholderLocalParts.has(labels[0] ?? "") || !_freeProviders.has(domain))) return true;
  // noemail@gmail.com and friends: the local part alone says there is no address.
  return /^(?:no-?e?-?mail|none|noone|nobody|donotemail|dontemail|unknown|refused|declined)\d*$/.test(mailbox);
}

function isDisposable(labels: readonly string[]): boolean {
  const list = _disposableDomains();
  // The domain or any parent (x.mailinator.com is mailinator.com).
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: a top-level domain alone or an empty slice is never on the list
  for (let i = 0; i < labels.length - 1; i++) if (list.has(labels.slice(i).join("."))) return true;
  return false;
}

/** The matching key of an address: Gmail ignores dots, googlemail.com is gmail.com. */
function keyOf(mailbox: string, domain: string): string {
  const keyDomain = domain === "googlemail.com" ? "gmail.com" : domain;
  return `${keyDomain === "gmail.com" ? mailbox.replace(/\./g, "") : mailbox}@${keyDomain}`;
}

/**
 * A known top-level domain for an unknown one, or null: junk after it dropped and accents folded
 * (com©, cöm), a known typo (con), one edit from a common one (comn, clom, cok, ney), or two run
 * together (comau → com.au). Returns the whole domain.
 */
function suggestTopLevel(rawDomain: string, labels: readonly string[]): string | null {
  const base = labels.slice(0, -1).join(".");
  const rawTop = rawDomain.slice(rawDomain.lastIndexOf(".") + 1).normalize("NFKD").replace(/[^a-z]/g, "");
  const topLevel = labels[labels.length - 1] as string;
  // The written top-level domain is unknown, so a known one read from it is a different one.
  if (_isTopLevelDomain(rawTop)) return `${base}.${rawTop}`;
  const known = _topLevelTypos.get(topLevel);
  // Stryker disable next-line ConditionalExpression: each entry of the typo table is also one edit from a common top-level domain (the loop below finds the same fix); the table keeps the answer if the lists change
  if (known !== undefined) return `${base}.${known}`;
  for (const common of _commonTopLevel) if (_editDistanceWithin(topLevel, common, 1) <= 1) return `${base}.${common}`;
  for (const first of ["com", "co", "net", "org", "ac", "gov", "edu"]) {
    const second = topLevel.slice(first.length);
    if (topLevel.startsWith(first) && second.length === 2 && _isTopLevelDomain(second)) return `${base}.${first}.${second}`;
  }
  return null;
}

function suggestDomain(domain: string, labels: readonly string[]): string | null {
  const topLevel = labels[labels.length - 1] as string;
  // A typo table entry that is a real country's domain (cm) is only read as a typo of a provider's.
  const fixedTop = _topLevelTypos.get(topLevel);
  // Stryker disable next-line StringLiteral: only a domain of three labels or more tells the joins apart, and none of the free or popular domains has three labels and a top-level domain the typo table produces
  const candidate = fixedTop === undefined ? domain : `${labels.slice(0, -1).join(".")}.${fixedTop}`;
  if (_freeProviders.has(candidate)) return candidate;
  // The right provider with the wrong top-level domain (gmail.net, aol.net).
  const home = labels.length === 2 ? _providerHomes.get(labels[0] as string) : undefined;
  // Every provider's home is a free provider, returned above.
  if (home !== undefined) return home;
  let best: string | null = null;
  let bestDistance = Infinity;
  const name = candidate.slice(0, candidate.indexOf("."));
  for (const popular of _popularDomains) {
    // Stryker disable next-line ConditionalExpression: a shortcut; lengths more than two apart are more than two edits apart
    if (Math.abs(popular.length - candidate.length) > 2) continue;
    const distance = _editDistanceWithin(candidate, popular, 2);
    // Domains longer than eight characters tolerate two edits (a swap of neighbours counting as one); shorter
    // ones one (tail.com is not gmail.com), or two letters left out of a provider's name (yho.com, aho.com:
    // yahoo.com), never other letters (aa.com).
    const popularName = popular.slice(0, popular.indexOf("."));
    const allowed = candidate.length > 8 || (name.length >= 3 && popular.endsWith(candidate.slice(name.length)) && isSubsequence(name, popularName)) ? 2 : 1;
    if (distance <= allowed && distance < bestDistance) {
      best = popular;
      bestDistance = distance;
    }
  }
  // The top-level domain here is always a known one (the main path checks it; suggestTopLevel returns known
  // ones), so a typo-table fix that is not a provider's is no suggestion: a real country's domain stays.
  return best;
}

/** Whether every letter of `short` appears in `long`, in order. */
function isSubsequence(short: string, long: string): boolean {
  let k = 0;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: reading past either end compares with undefined, which never matches
  for (let i = 0; i < long.length && k < short.length; i++) if (long[i] === short[k]) k++;
  return k === short.length;
}
