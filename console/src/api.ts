// The console's client: every call signed in the browser and sent to `/` as the SDKs send it (or to
// /_vbrd/api for vbrd's own reads), so RAM, the audit trail and errors are exactly the API's.
import { sign } from './sign.js';

export interface Key {
  accessKeyId: string;
  accessKeySecret: string;
}

export type Product = 'vpc' | 'ram' | 'vbrd';

const VERSIONS: Record<Product, string> = { vpc: '2016-04-28', ram: '2015-05-01', vbrd: '2016-04-28' };

export type Json = Record<string, unknown>;

/** An error answer, as the API wrote it. */
export class ApiFailure extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Json,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  /** What RAM denied (Forbidden.RAM's AccessDeniedDetail), if it was a denial. */
  get denied(): { AuthAction?: string; AuthPrincipalDisplayName?: string; NoPermissionType?: string } | undefined {
    return this.code === 'Forbidden.RAM' ? (this.body.AccessDeniedDetail as ApiFailure['denied']) : undefined;
  }
}

export class Api {
  constructor(private readonly key: Key) {}

  get accessKeyId(): string {
    return this.key.accessKeyId;
  }

  async call<T = Json>(
    action: string,
    params: Record<string, string | number | boolean | undefined> = {},
    product: Product = 'vpc',
  ): Promise<T> {
    const given: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') given[k] = String(v);
    const { query, headers } = await sign({ ...this.key, host: location.host, action, version: VERSIONS[product], params: given });
    const path = product === 'vbrd' ? '/_vbrd/api' : '/';
    let res: Response;
    try {
      res = await fetch(`${path}?${query}`, { method: 'POST', headers, credentials: 'omit', cache: 'no-store' });
    } catch {
      throw new ApiFailure(action, 0, 'NetworkError', 'vbrd could not be reached.', {});
    }
    const body = (await res.json().catch(() => ({}))) as Json;
    if (!res.ok) throw new ApiFailure(action, res.status, String(body.Code ?? res.status), String(body.Message ?? res.statusText), body);
    return body as T;
  }
}

/** Every page of a paged Describe*, as one list. */
export async function allPages<T>(fetchPage: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await fetchPage(page);
    out.push(...items);
    if (items.length === 0 || out.length >= total) return out;
  }
}
