// ky, loaded on first use. Its module start-up builds a Request to learn whether a stream body
// is supported, which makes Node load its whole fetch implementation (undici): ~25 ms of CPU and
// ~4 MB of heap at every war room's start, paid even by a drill, which never sends anything.
// Adapters take ky from here and never import it themselves (type imports aside): one static
// import anywhere would bring that start-up back (test/architecture/lazy-http.test.ts).
import type * as KyModule from 'ky';

export type Http = typeof KyModule;

let loading: Promise<Http> | undefined;

export function loadHttp(): Promise<Http> {
  loading ??= import('ky');
  return loading;
}
