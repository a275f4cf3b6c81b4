// URLs a provider fetches, as capspec judges them (src/rt/url.rs): parsed by the WHATWG URL
// standard (the platform's `URL`, as the Rust `url` crate), `http`/`https` only; with
// `public`, no credentials and no host that is local, private or otherwise not public.
// IPv4 literals are judged after the standard's normalisation (`http://2130706433/` and
// `http://0x7f.1/` are 127.0.0.1). Host names are not resolved; names that are, or are under,
// the special-use domains `localhost`, `local`, `internal` and `home.arpa` are refused. A URL
// is accepted only as the standard writes it back (`new URL(text).href === text`): capspec
// forwards the text, and texts that parsers read differently are refused.

import ipaddr from "ipaddr.js";

import { echo, quoted } from "./text.js";

/** What every string parameter must not contain (src/rt/text.rs `NO_NUL`). */
export const NO_NUL = "must not contain the NUL character (U+0000)";

const cidr = (text) => ipaddr.parseCIDR(text);

/**
 * IPv4 ranges that are not public unicast, each with the words capspec uses, in capspec's
 * order (`ipv4_not_public`): the first that matches names the address.
 */
export const IPV4_NOT_PUBLIC = [
  ['unspecified ("this network")', ["0.0.0.0/8"]],
  ["loopback", ["127.0.0.0/8"]],
  ["private", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]],
  ["link-local (cloud metadata)", ["169.254.0.0/16"]],
  ["shared (CGNAT, 100.64.0.0/10)", ["100.64.0.0/10"]],
  ["broadcast", ["255.255.255.255/32"]],
  ["multicast", ["224.0.0.0/4"]],
  ["documentation", ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"]],
  ["IETF protocol assignment", ["192.0.0.0/24"]],
  ["benchmarking", ["198.18.0.0/15"]],
  ["reserved", ["240.0.0.0/4"]],
].map(([kind, ranges]) => [kind, ranges.map(cidr)]);

/** IPv6 ranges that are not public unicast (`ipv6_not_public`), after the embedded-IPv4 forms. */
export const IPV6_NOT_PUBLIC = [
  ["unique local", ["fc00::/7"]],
  ["link-local", ["fe80::/10"]],
  ["site-local", ["fec0::/10"]],
  ["multicast", ["ff00::/8"]],
  ["reserved", ["fe00::/9"]],
  ["documentation", ["2001:db8::/32", "3fff::/20"]],
  ["discard-only", ["100::/64"]],
  ["local-use NAT64", ["64:ff9b:1::/48"]],
  ["Teredo", ["2001::/32"]],
  ["benchmarking", ["2001:2::/48"]],
  ["segment routing", ["5f00::/16"]],
].map(([kind, ranges]) => [kind, ranges.map(cidr)]);

/**
 * IPv6 ranges that embed an IPv4 address, judged as that address: `[range, first byte of the
 * IPv4 address]`. IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d` (`::` and `::1`
 * excepted: they are the IPv6 unspecified and loopback addresses), IPv4-translated
 * `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`,
 * 6to4 `2002:AABB:CCDD::/48`.
 */
const MAPPED = cidr("::ffff:0:0/96");
const TRANSLATED = cidr("::ffff:0:0:0/96");
const COMPATIBLE = cidr("::/96");
const NAT64 = cidr("64:ff9b::/96");
const SIX_TO_FOUR = cidr("2002::/16");
const UNSPECIFIED6 = cidr("::/128");
const LOOPBACK6 = cidr("::1/128");

function firstMatch(table, ip) {
  for (const [kind, ranges] of table) {
    if (ranges.some((range) => ip.match(range))) return kind;
  }
  return null;
}

/** Why an IPv4 address (ipaddr.js) is not public, or null when it is. */
export function ipv4NotPublic(ip) {
  return firstMatch(IPV4_NOT_PUBLIC, ip);
}

function embedded(ip, at) {
  return new ipaddr.IPv4(ip.toByteArray().slice(at, at + 4));
}

/** Why an IPv6 address (ipaddr.js) is not public, or null when it is. */
export function ipv6NotPublic(ip) {
  if (ip.match(MAPPED)) return ipv4NotPublic(embedded(ip, 12));
  if (ip.match(UNSPECIFIED6)) return "unspecified";
  if (ip.match(LOOPBACK6)) return "loopback";
  if (ip.match(COMPATIBLE) || ip.match(TRANSLATED) || ip.match(NAT64)) return ipv4NotPublic(embedded(ip, 12));
  if (ip.match(SIX_TO_FOUR)) return ipv4NotPublic(embedded(ip, 2));
  return firstMatch(IPV6_NOT_PUBLIC, ip);
}

/** Why the URL standard's parser refuses `text`, in the `url` crate's words where they are
 * plain to tell (the platform's TypeError says only "Invalid URL"). */
function parseFailure(text) {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text)) return "relative URL without a base";
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/*(?:[^@/?#]*@)?(?:[/?#]|$)/.test(text)) return "empty host";
  return "invalid URL";
}

/**
 * Checks a URL string: null when it is allowed, else `{code, must, got}` with capspec's
 * code (`invalid_value`, `invalid_format`, `url_not_allowed`) and words. The checks run in
 * capspec's order (rt/url.rs `check`): NUL, parse, scheme, with `public` credentials and host,
 * then the canonical form.
 */
export function urlFault(text, isPublic) {
  const got = () => `got ${quoted(echo(text))}`;
  if (text.includes("\0")) return { code: "invalid_value", must: NO_NUL, got: got() };
  let url;
  try {
    url = new URL(text);
  } catch {
    return {
      code: "invalid_format",
      must: `must be an absolute http or https URL (${parseFailure(text)})`,
      got: got(),
    };
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== "http" && scheme !== "https") {
    return {
      code: "url_not_allowed",
      must: "must be an http or https URL",
      got: `got a ${scheme}: URL ${quoted(echo(text))}`,
    };
  }
  if (isPublic) {
    const fault = publicFault(text, url);
    if (fault !== null) return fault;
  }
  if (url.href !== text) {
    return {
      code: "invalid_format",
      must: `must be written as the URL standard writes it back, ${quoted(echo(url.href))}`,
      got: got(),
    };
  }
  return null;
}

/** Why a parsed http(s) URL is not one a provider may be asked to fetch (credentials, a host
 * that is not public), or null. */
function publicFault(text, url) {
  if (url.username !== "" || url.password !== "") {
    return {
      code: "url_not_allowed",
      must: "must be a publicly accessible http or https URL without credentials (user:password@)",
      got: `got ${quoted(echo(text))}`,
    };
  }
  const why = hostNotPublic(url.hostname);
  if (why === null) return null;
  return {
    code: "url_not_allowed",
    must: "must be a publicly accessible http or https URL",
    got: `got ${quoted(echo(text))}, whose host ${why}`,
  };
}

/** An IPv6 address as Rust writes it: RFC 5952, an IPv4-mapped one as `::ffff:a.b.c.d`. */
function ipv6Text(ip) {
  return ip.match(MAPPED) ? `::ffff:${embedded(ip, 12).toString()}` : ip.toString();
}

/** Why a parsed http(s) URL's host (`URL.hostname`) is not public, or null. */
export function hostNotPublic(host) {
  if (host === "") return "has no host";
  if (host.startsWith("[")) {
    const ip = ipaddr.IPv6.parse(host.slice(1, -1));
    const kind = ipv6NotPublic(ip);
    return kind && `is the ${kind} address ${ipv6Text(ip)}`;
  }
  // The standard serialises an IPv4 host as four decimal numbers; a domain never looks so
  // (a host whose last label is a number is parsed as IPv4, or refused).
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) {
    const ip = ipaddr.IPv4.parse(host);
    const kind = ipv4NotPublic(ip);
    return kind && `is the ${kind} address ${ip.toString()}`;
  }
  const domain = localDomain(host);
  return domain === null ? null : `${host} is a local network name (under .${domain})`;
}

/** Special-use domains of local networks (RFC 6761 `.localhost`, RFC 6762 `.local`,
 * RFC 8375 `.home.arpa`, ICANN's private-use `.internal`): rt/url.rs `LOCAL_DOMAINS`. */
export const LOCAL_DOMAINS = ["localhost", "local", "internal", "home.arpa"];

/** The local domain a host name is or is under (case-insensitive, trailing dots ignored),
 * or null. */
export function localDomain(host) {
  const name = host.replace(/\.+$/, "").toLowerCase();
  return LOCAL_DOMAINS.find((d) => name === d || name.endsWith(`.${d}`)) ?? null;
}
