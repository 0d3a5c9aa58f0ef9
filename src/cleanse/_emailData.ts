/**
 * Reference data for email standardisation. Disposable domains come from the community-maintained
 * disposable-email-domains blocklist, through the `disposable-email-domains-js` package (CC0-1.0); the
 * lists below are ours.
 */
import { disposableEmailBlocklistSet } from "disposable-email-domains-js";
import ianaTopLevelDomains from "tlds" with { type: "json" };

let topLevel: ReadonlySet<string> | undefined;

/**
 * Whether a top-level domain exists: the IANA root zone list, through the `tlds` package (MIT; inlined in
 * the build), internationalised ones in their punycode form. Built on first use.
 */
export function _isTopLevelDomain(label: string): boolean {
  topLevel ??= new Set((ianaTopLevelDomains as readonly string[]).map((tld) => (/^[\x20-\x7e]*$/.test(tld) ? tld : new URL(`http://x.${tld}/`).hostname.slice(2))));
  return topLevel.has(label);
}

/** Top-level domains people mean, most used first: an unknown one a typo away from one of these gets it as a suggestion. */
export const _commonTopLevel: readonly string[] = ["com", "net", "org", "edu", "gov", "info"];

/** Provider names whose mail lives at one domain: the name with another top-level domain is a typo (gmail.net). */
export const _providerHomes: ReadonlyMap<string, string> = new Map(Object.entries({
  gmail: "gmail.com",
  googlemail: "gmail.com",
  hotmail: "hotmail.com",
  outlook: "outlook.com",
  aol: "aol.com",
  icloud: "icloud.com",
  yahoo: "yahoo.com",
  ymail: "ymail.com",
  protonmail: "protonmail.com",
}));

/** Free mailbox providers (an address there says nothing about an employer). */
export const _freeProviders: ReadonlySet<string> = new Set(
  (
    "gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.ca yahoo.fr yahoo.de yahoo.es yahoo.it yahoo.com.au " +
    "yahoo.co.in yahoo.co.jp yahoo.com.br ymail.com rocketmail.com hotmail.com hotmail.co.uk hotmail.fr " +
    "hotmail.de hotmail.it hotmail.es outlook.com outlook.de outlook.fr outlook.es live.com live.co.uk live.fr " +
    "live.de live.ca msn.com passport.com aol.com aol.co.uk aim.com icloud.com me.com mac.com proton.me " +
    "protonmail.com protonmail.ch pm.me gmx.com gmx.de gmx.net gmx.at gmx.ch web.de t-online.de freenet.de " +
    "mail.com email.com usa.com zoho.com zohomail.com yandex.com yandex.ru mail.ru inbox.ru list.ru bk.ru qq.com " +
    "163.com 126.com sina.com naver.com daum.net hanmail.net comcast.net verizon.net att.net sbcglobal.net " +
    "bellsouth.net charter.net cox.net earthlink.net optonline.net btinternet.com sky.com virginmedia.com " +
    "talktalk.net ntlworld.com rogers.com shaw.ca sympatico.ca videotron.ca telus.net orange.fr free.fr " +
    "laposte.net sfr.fr wanadoo.fr libero.it virgilio.it tiscali.it alice.it bigpond.com optusnet.com.au " +
    "fastmail.com fastmail.fm hushmail.com tutanota.com tuta.io seznam.cz wp.pl o2.pl onet.pl interia.pl " +
    "rediffmail.com uol.com.br bol.com.br terra.com.br"
  ).split(" "),
);

/**
 * Domains people mistype most, most used first. A domain within a small edit distance of one of these
 * (and not itself a known provider) gets a suggestion.
 */
export const _popularDomains: readonly string[] = (
  "gmail.com yahoo.com hotmail.com outlook.com icloud.com aol.com live.com msn.com comcast.net " +
  "yahoo.co.uk hotmail.co.uk btinternet.com gmx.de web.de t-online.de yahoo.ca rogers.com shaw.ca " +
  "sbcglobal.net verizon.net att.net bellsouth.net protonmail.com googlemail.com orange.fr free.fr " +
  "yahoo.fr hotmail.fr laposte.net libero.it gmx.net ymail.com mail.ru yandex.ru qq.com"
).split(" ");

/** Misspelled top-level domains and their fix. A Map: a top-level domain from data such as "constructor" finds nothing. */
export const _topLevelTypos: ReadonlyMap<string, string> = new Map(Object.entries({
  con: "com",
  cmo: "com",
  ocm: "com",
  vom: "com",
  xom: "com",
  cpm: "com",
  comm: "com",
  coom: "com",
  cm: "com",
  nte: "net",
  ner: "net",
  nett: "net",
  ogr: "org",
  orgg: "org",
}));

/** Local parts that name a function, not a person (RFC 2142 and common practice). */
export const _roleLocalParts: ReadonlySet<string> = new Set(
  (
    "abuse accounts accounting admin administrator billing careers contact customercare customerservice " +
    "enquiries enquiry feedback finance hello help helpdesk hostmaster hr info inquiries jobs legal mail " +
    "mailer-daemon marketing media newsletter no-reply noc noreply office orders postmaster press privacy " +
    "recruitment reservations root sales security service support team webmaster www"
  ).split(" "),
);

/** Local parts that mean "I have no email" whatever the domain. */
export const _placeholderLocalParts: ReadonlySet<string> = new Set(
  (
    "no noemail no-email no.email nomail no-mail none noone no-one nobody donotemail dontemail donotreply " +
    "unknown refused declined na n.a n-a null nil void test test1 test123 testing asdf asdfasdf qwerty " +
    "fake dummy sample example xxx xx x abc abc123 aaa 123 1234 12345 email"
  ).split(" "),
);

/** Domains used as filler in forms; any address there is a placeholder. */
export const _placeholderDomains: ReadonlySet<string> = new Set(
  (
    "test.com noemail.com nomail.com none.com noemail.net fake.com donotemail.com nowhere.com invalid.com " +
    "na.com asdf.com qwerty.com dummy.com sample.com abc.com xxx.com email.email domain.com yourdomain.com " +
    "mydomain.com address.com noreply.com no-reply.com"
  ).split(" "),
);

let disposable: ReadonlySet<string> | undefined;

/**
 * The disposable-domain blocklist as a set. Built on first use and kept: it is constant reference data
 * (not configuration), and building it costs about a millisecond, which a per-call build would pay on
 * every single-address call.
 */
export function _disposableDomains(): ReadonlySet<string> {
  disposable ??= disposableEmailBlocklistSet();
  return disposable;
}
