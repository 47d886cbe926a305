import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client address is limited under. An IPv6 host is usually given a whole /64, so
 * keying the full address would hand it 2^64 fresh allowances: IPv6 addresses are keyed by
 * their /64 prefix. IPv4 (also IPv4-mapped IPv6) is keyed as is.
 */
export function ipKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(ip)) return ip;
  const address = ip.split('%')[0]!.toLowerCase(); // zone index is not part of the address
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  // An embedded IPv4 tail (…:1.2.3.4) takes two groups; only the first four groups matter here.
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}
