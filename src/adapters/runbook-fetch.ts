// Fetching a runbook over HTTP, only from runbooks.fetchPrefixes (each redirect is checked
// too), at most runbooks.fetchMaxBytes, Markdown rather than a web page. The copy is written
// into the folder the caller gives (the incident folder), so the war room runs from a file
// that stays, and its sha256 is what the journal records for the runbook.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadHttp } from './http-client.ts';
import { underPrefix } from '../core/alerts/runbook-url.ts';
import { WarroomError } from '../errors.ts';
import { networkErrorText } from './http-delivery.ts';

export class RunbookFetchError extends WarroomError {
  override name = 'RunbookFetchError';
}

export interface FetchedRunbook {
  /** The URL the bytes came from (after redirects). */
  url: string;
  /** Where the copy was written. */
  file: string;
  sha256: string;
  bytes: number;
}

export interface RunbookFetchOptions {
  prefixes: readonly string[];
  maxBytes: number;
  /** Folder the copy is written into (created when missing). */
  intoFolder: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 3;

/** `KubePodCrashLooping.md` from the URL's last segment, safe as a file name. */
export function copyFileName(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'runbook';
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // keep it encoded: the replace below makes it safe either way
  }
  let name = decoded.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  if (name === '') name = 'runbook';
  return /\.(md|markdown)$/i.test(name) ? name : `${name}.md`;
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new RunbookFetchError(`runbook ${url} is ${declared} bytes, over runbooks.fetchMaxBytes (${maxBytes})`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RunbookFetchError(`runbook ${url} is over runbooks.fetchMaxBytes (${maxBytes} bytes)`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

async function get(url: string, options: RunbookFetchOptions): Promise<Response> {
  const { default: ky, isTimeoutError } = await loadHttp();
  try {
    return await ky.get(url, {
      redirect: 'manual',
      retry: 0,
      throwHttpErrors: false,
      timeout: options.timeoutMs ?? 15_000,
      headers: { accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1' },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (isTimeoutError(error)) throw new RunbookFetchError(`runbook ${url} did not arrive in time`);
    throw new RunbookFetchError(`runbook ${url} is unreachable: ${networkErrorText(error)}`);
  }
}

export async function fetchRunbook(url: string, options: RunbookFetchOptions): Promise<FetchedRunbook> {
  let current = url;
  let response: Response | null = null;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!underPrefix(current, options.prefixes)) {
      const what = hop === 0 ? `runbook ${current}` : `runbook ${url} redirects to ${current}, which`;
      throw new RunbookFetchError(`${what} is under no runbooks.fetchPrefixes prefix: not fetched`);
    }
    response = await get(current, options);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).toString();
      response = null;
      continue;
    }
    break;
  }
  if (!response) throw new RunbookFetchError(`runbook ${url}: more than ${MAX_REDIRECTS} redirects`);
  if (!response.ok) {
    await response.body?.cancel();
    throw new RunbookFetchError(`runbook ${current}: HTTP ${response.status}`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (/text\/html|application\/xhtml/i.test(type)) {
    await response.body?.cancel();
    throw new RunbookFetchError(`runbook ${current} is a web page (${type.split(';')[0]}), not Markdown`);
  }
  const bytes = await readLimited(response, options.maxBytes, current);
  await fs.mkdir(options.intoFolder, { recursive: true });
  const file = path.join(options.intoFolder, copyFileName(current));
  // Write then rename: a crash never leaves half a runbook where the journal points.
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, bytes, { flag: 'w' });
  await fs.rename(temp, file);
  return { url: current, file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}
