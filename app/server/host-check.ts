/**
 * DNS-rebinding guard (issue 9 rule 6): a web page on the internet can point its own name at
 * this computer's address, but its requests then carry that foreign name in `Host`. Only this
 * computer's own names are answered: localhost, 127.0.0.1, [::1], its host name (and `.local`
 * name), any of its interface addresses — read at request time, so a new DHCP lease does not
 * lock the tablets out — and the names configured in POSPAL_ALLOWED_HOSTS.
 */
import { hostname as osHostname, networkInterfaces as osNetworkInterfaces } from 'node:os';
import type { NetworkInterfaceInfo } from 'node:os';

export interface HostCheckOptions {
  /** Extra names or addresses (POSPAL_ALLOWED_HOSTS), e.g. a router's DNS name for the till. */
  extraHosts?: readonly string[];
  hostname?: () => string;
  networkInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export type HostCheck = (hostHeader: string | undefined) => boolean;

/** The host part of a Host header, lower-cased, without port, brackets or a trailing dot. */
export function hostOf(header: string): string | null {
  const h = header.trim().toLowerCase();
  if (h === '') return null;
  let name: string;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end === -1) return null;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    name = h.slice(1, end);
  } else {
    const colons = h.split(':').length - 1;
    if (colons > 1) return null; // a bare IPv6 address is not a valid Host header
    const [n, port] = h.split(':');
    if (port !== undefined && !/^\d{1,5}$/.test(port)) return null;
    name = n ?? '';
  }
  name = name.replace(/\.$/, '');
  return name === '' ? null : name;
}

const normalize = (name: string): string => name.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

export function createHostCheck(options: HostCheckOptions = {}): HostCheck {
  const readHostname = options.hostname ?? osHostname;
  const readInterfaces = options.networkInterfaces ?? osNetworkInterfaces;
  const fixed = new Set(['localhost', '127.0.0.1', '::1', ...(options.extraHosts ?? []).map(normalize)]);

  return (header) => {
    if (header === undefined) return false;
    const name = hostOf(header);
    if (name === null) return false;
    if (fixed.has(name)) return true;
    const own = normalize(readHostname());
    if (own !== '' && (name === own || name === `${own}.local` || name === own.replace(/\.local$/, ''))) return true;
    for (const list of Object.values(readInterfaces())) {
      for (const a of list ?? []) {
        // IPv6 link-local addresses may carry a zone (fe80::1%eth0); Host never does.
        if (normalize(a.address.replace(/%.*$/, '')) === name) return true;
      }
    }
    return false;
  };
}
