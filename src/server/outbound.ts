/**
 * Where the server may send requests on a user's behalf (webhooks): http(s) only, and — unless
 * WEBHOOKS_ALLOW_PRIVATE is set — never to loopback, private, link-local or unspecified addresses,
 * so a webhook cannot be pointed at the database, Redis or a cloud metadata service.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

export class OutboundRefused extends Error {}

function privateV4(ip: string): boolean {
  const [a, b] = ip.split(".").map(Number) as [number, number];
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a >= 224
  );
}
function privateV6(ip: string): boolean {
  const x = ip.toLowerCase();
  if (x === "::1" || x === "::") return true;
  if (x.startsWith("::ffff:")) return privateV4(x.slice(7));
  return /^f[cd]/.test(x) || /^fe[89ab]/.test(x);
}
export const isPrivateAddress = (ip: string) => (isIP(ip) === 6 ? privateV6(ip) : privateV4(ip));

/** Throws OutboundRefused with the reason; returns the parsed URL when it may be called. */
export async function checkOutbound(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused("url is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new OutboundRefused("url must be http:// or https://");
  if (url.username || url.password) throw new OutboundRefused("url must not carry a user name or password");
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw new OutboundRefused(`url: ${host} does not resolve`);
  if (addresses.some(isPrivateAddress)) throw new OutboundRefused(`url: ${host} is a private or loopback address`);
  return url;
}
