import { isIP } from 'node:net';

/**
 * Whether TRUST_PROXY's ranges together cover every IPv4 or every IPv6 address. Believing
 * X-Forwarded-For from everyone lets any client pick a fresh address per request and walk
 * past every per-client limit, so such a list is refused however it is spelled
 * (`0.0.0.0/0`, `::/0`, `0.0.0.0/1,128.0.0.0/1`, `::ffff:0:0/96`).
 */
export function coversEveryAddress(entries: readonly string[]): boolean {
  const v4: Range[] = [];
  const v6: Range[] = [];
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) continue; // proxy-addr names (loopback, …) are small fixed ranges
    const width = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? width : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) continue;
    const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
    const range = toRange(value, prefix, width);
    if (family === 4) v4.push(range);
    else {
      v6.push(range);
      // IPv4-mapped ranges (::ffff:a.b.c.d/96+) are IPv4 addresses to proxy-addr too.
      const mapped = 0xffffn << 32n;
      if (prefix >= 96 && range.start >> 32n === 0xffffn) v4.push({ start: range.start - mapped, end: range.end - mapped });
    }
  }
  return covers(v4, (1n << 32n) - 1n) || covers(v6, (1n << 128n) - 1n);
}

interface Range {
  readonly start: bigint;
  readonly end: bigint;
}

function toRange(value: bigint, prefix: number, width: number): Range {
  const hostBits = BigInt(width - prefix);
  const start = (value >> hostBits) << hostBits;
  return { start, end: start + (1n << hostBits) - 1n };
}

function covers(ranges: readonly Range[], last: bigint): boolean {
  let next = 0n;
  for (const range of [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    if (range.start > next) return false;
    if (range.end + 1n > next) next = range.end + 1n;
    if (next > last) return true;
  }
  return false;
}

const ipv4ToBigInt = (address: string): bigint => address.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);

function ipv6ToBigInt(address: string): bigint {
  let text = address.toLowerCase().split('%')[0] ?? '';
  // A trailing dotted quad (::ffff:10.0.0.1) is the last 32 bits.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad) {
    const v4 = ipv4ToBigInt(quad);
    text = text.slice(0, -quad.length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group || '0', 16)), 0n);
}
