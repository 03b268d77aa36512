/**
 * An axios adapter over a `fetch` function: the licensing-worker client then sends through it
 * with the same retry policy and failure type (tests answer with a real worker's fetch). The
 * body is the JSON text axios already serialized; redirects are not followed (credentials ride
 * in the body); axios's timeout becomes an abort signal.
 */
import { AxiosError, AxiosHeaders } from 'axios';
import type { AxiosAdapter } from 'axios';

export function fetchAdapter(fetchImpl: typeof fetch): AxiosAdapter {
  return async (config) => {
    const url = new URL(config.url ?? '', config.baseURL);
    const headers = AxiosHeaders.from(config.headers).toJSON() as Record<string, string>;
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method: (config.method ?? 'get').toUpperCase(),
        headers,
        ...(config.data !== undefined ? { body: String(config.data) } : {}),
        redirect: 'manual',
        ...(config.timeout ? { signal: AbortSignal.timeout(config.timeout) } : {}),
      });
    } catch (e) {
      const timedOut = e instanceof Error && e.name === 'TimeoutError';
      throw new AxiosError(e instanceof Error ? e.message : 'network error', timedOut ? 'ECONNABORTED' : 'ERR_NETWORK', config);
    }
    return {
      data: await res.text(),
      status: res.status,
      statusText: res.statusText,
      headers: Object.fromEntries(res.headers),
      config,
      request: {},
    };
  };
}
