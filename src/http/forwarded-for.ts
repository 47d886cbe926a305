import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/**
 * Keeps only the IP addresses in X-Forwarded-For. Fastify (proxy-addr) walks the list from the
 * right, past TRUST_PROXY's proxies, and takes the first address it does not trust as the
 * client; an entry that is no address at all would be taken as one, and every limit keyed by
 * it would be a fresh one per made-up string. Proxies append real addresses; only what the
 * client wrote can be anything else, so dropping it loses nothing true.
 */
export function keepAddressesOnly(headers: IncomingHttpHeaders): void {
  const value = headers['x-forwarded-for'];
  if (value === undefined) return;
  const entries = (Array.isArray(value) ? value.join(',') : value).split(',').map((entry) => entry.trim());
  const addresses = entries.filter((entry) => isIP(entry) !== 0);
  if (addresses.length === entries.length && !Array.isArray(value)) return;
  if (addresses.length === 0) delete headers['x-forwarded-for'];
  else headers['x-forwarded-for'] = addresses.join(', ');
}
