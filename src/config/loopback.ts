import { isIP } from 'node:net';

/**
 * Whether a host name or address can only be reached from this machine: `localhost` (and
 * names under it, RFC 6761), 127.0.0.0/8 and ::1. Anything else may be reachable by others.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) {
    // The URL parser writes IPv6 in its one canonical form (::ffff:127.0.0.1 as ::ffff:7f00:1).
    const canonical = new URL(`http://[${name}]/`).hostname;
    return canonical === '[::1]' || canonical.startsWith('[::ffff:7f');
  }
  return false;
}
