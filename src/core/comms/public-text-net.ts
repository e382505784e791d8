// Network names in a public text: IP addresses (v4 and v6), URLs that point inside (private
// ranges, single-label hosts, internal suffixes, configured internal domains) and host names
// that read like machines (`db-01.example.com`, `ip-10-0-0-1.ec2.internal`, `api-7f9c4`).
// A public site (`https://status.example.com`, `example.com`) is left alone: customers may be
// pointed at it.

export interface Found {
  kind: 'ip' | 'url' | 'host';
  word: string;
  index: number;
}

const INTERNAL_SUFFIXES = ['internal', 'local', 'localhost', 'localdomain', 'svc', 'cluster.local', 'lan', 'corp', 'home.arpa', 'intranet', 'amazonaws.com'];
// Labels that only infrastructure names carry (`api.prod.example.com`, `db.example.com`).
const INFRA_LABELS = new Set(['prod', 'production', 'staging', 'stg', 'dev', 'int', 'internal', 'k8s', 'eks', 'gke', 'aks', 'ec2', 'rds', 'svc', 'cluster', 'db', 'redis', 'postgres', 'mysql', 'kafka', 'etcd', 'bastion', 'jump', 'vpn']);
// Hyphenated words with digits that are not machines.
const ORDINARY = new Set(['utf-8', 'utf-16', 'x86-64', 'sha-1', 'sha-256', 'sha-512', 'aes-128', 'aes-256', 'covid-19', 'iso-8859-1', 'mp3', 'mp4']);

function ipv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** RFC 4291 text forms: eight groups, or fewer around one `::`, optionally ending in IPv4. */
export function isIpv6(candidate: string): boolean {
  const text = candidate.replace(/%[\w.-]+$/, '').replace(/\/\d{1,3}$/, '');
  if (!text.includes(':') || text === '::' || (text.match(/::/g) ?? []).length > 1) return false;
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = [...groups(head), ...(tail === undefined ? [] : groups(tail))];
  let count = 0;
  for (const [i, g] of all.entries()) {
    if (i === all.length - 1 && g.includes('.')) {
      if (!ipv4(g)) return false;
      count += 2;
    } else if (/^[0-9a-f]{1,4}$/i.test(g)) count += 1;
    else return false;
  }
  return tail === undefined ? count === 8 : count < 8;
}

function under(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^\.+/, '');
  return d !== '' && (host === d || host.endsWith(`.${d}`));
}

/** Whether a host name names something inside (false: it may be a public site). */
function internalHost(host: string, internalDomains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!h.includes('.')) return true;
  if ([...INTERNAL_SUFFIXES, ...internalDomains].some((d) => under(h, d))) return true;
  const labels = h.split('.');
  const inner = labels.slice(0, -2);
  return inner.some((l) => INFRA_LABELS.has(l) || /\d/.test(l));
}

/** The host of a URL without IPv6 brackets; empty when it does not parse. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

/** Text with `[start, end)` blanked out, so a URL's host is not reported again as a host. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

export function findNetworkNames(input: string, internalDomains: readonly string[]): Found[] {
  const found: Found[] = [];
  let text = input;
  for (const m of input.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:\[[0-9a-f:.%]+\])?[^\s<>"'`)\]]*/gi)) {
    const word = m[0].replace(/[.,;:!?]+$/, '');
    const host = hostOf(word);
    const internal = host === '' || ipv4(host) || isIpv6(host) || internalHost(host, internalDomains);
    if (internal) found.push({ kind: 'url', word, index: m.index });
    text = blank(text, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(/(?<![\w.:])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\w:]|\.\d)/g)) {
    if (ipv4(m[0].replace(/\/\d+$/, ''))) found.push({ kind: 'ip', word: m[0], index: m.index });
  }
  for (const m of text.matchAll(/(?<![\w:.])[0-9a-f]*:[0-9a-f:.%]*[0-9a-f](?:\/\d{1,3})?(?![\w:])/gi)) {
    if (isIpv6(m[0]) && (m[0].match(/:/g) ?? []).length >= 2) found.push({ kind: 'ip', word: m[0], index: m.index });
  }
  for (const m of text.matchAll(/(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9](?![\w-]|\.[a-z0-9])/gi)) {
    if (ipv4(m[0])) continue;
    if (internalHost(m[0], internalDomains) && m[0].includes('.')) found.push({ kind: 'host', word: m[0], index: m.index });
  }
  // Single-label machine names: lowercase, hyphenated, with digits after the first part.
  for (const m of text.matchAll(/(?<![\w.@/-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w.-]*\w)/g)) {
    const word = m[0];
    if (ORDINARY.has(word)) continue;
    if (/\d/.test(word.slice(word.indexOf('-')))) found.push({ kind: 'host', word, index: m.index });
  }
  return found;
}
