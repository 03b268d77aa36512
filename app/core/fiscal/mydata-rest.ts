/**
 * The direct myDATA REST channel: POST {base}/SendInvoices and {base}/CancelInvoice?mark=…,
 * GET {base}/RequestTransmittedDocs, each with the two headers AADE requires (`aade-user-id`,
 * `Ocp-Apim-Subscription-Key`), over axios (the app's HTTP client). Base URL and adapter are
 * injectable: tests point it at the local fake AADE. The key is never logged or put in errors.
 */
import axios from 'axios';
import type { AxiosAdapter, AxiosInstance } from 'axios';
import { parseRequestedDoc, parseResponseDoc } from './response';
import type { AadeResponse } from './response';
import type { Transmitter } from './transmitter';
import { TransmitError } from './transmitter';
import type { MydataCredentials } from './settings';

export interface MydataRestOptions {
  baseUrl: string;
  credentials: MydataCredentials;
  timeoutMs?: number;
  adapter?: AxiosAdapter;
}

/** dd/MM/yyyy, as RequestTransmittedDocs takes dates. */
const aadeDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');

export function mydataRestTransmitter(options: MydataRestOptions): Transmitter {
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    timeout: options.timeoutMs ?? 20_000,
    headers: {
      'aade-user-id': options.credentials.userId,
      'Ocp-Apim-Subscription-Key': options.credentials.subscriptionKey,
      'Content-Type': 'application/xml',
    },
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });

  async function call(method: 'get' | 'post', url: string, body?: string): Promise<string> {
    let res;
    try {
      res = method === 'post' ? await http.post<string>(url, body ?? '') : await http.get<string>(url);
    } catch (e) {
      // Only the reason, never the request (its headers hold the key).
      throw new TransmitError('network', `myDATA could not be reached (${(e as { code?: string }).code ?? 'network error'})`);
    }
    if (res.status === 401 || res.status === 403) throw new TransmitError('auth', 'myDATA refused the user id or subscription key', res.status);
    if (res.status < 200 || res.status >= 300) throw new TransmitError('http', `myDATA answered HTTP ${res.status}`, res.status);
    return typeof res.data === 'string' ? res.data : String(res.data);
  }

  const parse = (xml: string): AadeResponse[] => {
    try {
      return parseResponseDoc(xml);
    } catch (e) {
      throw new TransmitError('answer', (e as Error).message);
    }
  };

  return {
    send: async (xml) => parse(await call('post', '/SendInvoices', xml)),
    cancel: async (mark) => {
      const [first] = parse(await call('post', `/CancelInvoice?mark=${encodeURIComponent(mark)}`));
      if (!first) throw new TransmitError('answer', 'myDATA answered the cancellation with no response');
      return first;
    },
    findRegistered: async (uid, issueDate) => {
      const d = aadeDate(issueDate);
      const xml = await call('get', `/RequestTransmittedDocs?mark=0&dateFrom=${d}&dateTo=${d}`);
      let found;
      try {
        found = parseRequestedDoc(xml);
      } catch (e) {
        throw new TransmitError('answer', (e as Error).message);
      }
      return found.find((i) => i.uid === uid) ?? null;
    },
  };
}
