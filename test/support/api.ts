import type { RunningService } from './service';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

/** A small JSON client for the service's HTTP API. */
export function api(svc: RunningService, key?: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    raw?: string,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { ...extraHeaders };
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(svc.baseUrl + path, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body, undefined, headers),
    postRaw: (path: string, raw: string) => call('POST', path, undefined, raw),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}

/** POSTs points to the ingest API and fails unless all were accepted (202, no rejection). */
export async function ingestAll(client: ReturnType<typeof api>, points: object[]): Promise<void> {
  const r = await client.post('/api/v1/ingest', { points });
  if (r.status !== 202 || (r.body?.rejected ?? []).length > 0) {
    throw new Error(`ingest: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  }
}

/** A domain, a small scope tree (P → D1 → C1, P → D2) and three indicators. */
export async function seedCatalogue(svc: RunningService): Promise<void> {
  const admin = api(svc, svc.adminKey);
  const must = async (p: Promise<ApiAnswer>) => {
    const r = await p;
    if (r.status !== 201) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await must(admin.post('/api/v1/domains', { code: 'finance', name: 'Tài chính' }));
  await must(admin.post('/api/v1/domains', { code: 'env', name: 'Môi trường' }));
  await must(admin.post('/api/v1/scopes', { code: 'P', name: 'Province' }));
  await must(admin.post('/api/v1/scopes', { code: 'D1', name: 'District 1', parent: 'P' }));
  await must(admin.post('/api/v1/scopes', { code: 'D2', name: 'District 2', parent: 'P' }));
  await must(admin.post('/api/v1/scopes', { code: 'C1', name: 'Commune 1', parent: 'D1' }));
  await must(
    admin.post('/api/v1/indicators', {
      code: 'finance.revenue',
      domain: 'finance',
      name: 'Thu ngân sách',
      unit: 'tỷ đồng',
      direction: 'up',
    }),
  );
  await must(
    admin.post('/api/v1/indicators', {
      code: 'finance.spend',
      domain: 'finance',
      name: 'Chi ngân sách',
      unit: 'tỷ đồng',
    }),
  );
  await must(
    admin.post('/api/v1/indicators', { code: 'env.aqi', domain: 'env', name: 'AQI', unit: 'AQI', direction: 'down' }),
  );
}

/** Creates a key of a role and returns it. */
export async function createKey(svc: RunningService, role: string, scopes?: string[]): Promise<string> {
  const r = await api(svc, svc.adminKey).post('/api/v1/api-keys', { name: `${role} key`, role, scopes });
  if (r.status !== 201) throw new Error(`key creation failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.key as string;
}
