import { api, createKey, seedCatalogue } from './support/api';
import { schemaChecker } from './support/json-schema';
import { connected, connectError, connectLive } from './support/live';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

describe('API documents: OpenAPI and AsyncAPI', () => {
  let svc: RunningService;
  let asyncApi: any;
  let check: ReturnType<typeof schemaChecker> | undefined;
  /** The ways a payload breaks a schema of the served AsyncAPI document (every field must be described). */
  const problems = (schema: string, payload: unknown) =>
    (check ??= schemaChecker(asyncApi))(`#/components/schemas/${schema}`, payload);

  beforeAll(async () => {
    svc = await startService();
    await seedCatalogue(svc);
  });
  afterAll(() => svc?.cleanup());

  it('serves the AsyncAPI document without a key, like the OpenAPI JSON', async () => {
    const res = await fetch(`${svc.baseUrl}/api/docs/asyncapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    asyncApi = await res.json();
    expect(asyncApi.asyncapi).toBe('3.0.0');
    expect(asyncApi.channels.live.address).toBe('/live');
    expect(asyncApi.servers.gateway.variables.host.default).toBe(`localhost:${svc.port}`);

    const openApi = await fetch(`${svc.baseUrl}/api/docs-json`);
    expect(openApi.status).toBe(200);
    const body: any = await openApi.json();
    expect(body.info.description).toContain('/api/docs/asyncapi.json');
    expect(body.components.schemas.ErrorBodyDto.required.sort()).toEqual(['error', 'message', 'statusCode']);
    const presence = body.paths['/api/v1/presence'].get.responses;
    expect(presence['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/PresenceAnswerDto');
    for (const status of ['401', '403'])
      expect(presence[status].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBodyDto');
    expect(body.components.schemas.PresenceConnectionDto.required.sort()).toEqual(
      ['address', 'connectedAt', 'gateway', 'id', 'keyName', 'lastCursor', 'role', 'subscription'].sort(),
    );
  });

  it('the gateway answers what the document describes', async () => {
    const admin = api(svc, svc.adminKey);
    const ts = Date.now() - 1000;
    await admin.post('/api/v1/ingest', { points: [{ indicator: 'env.aqi', scope: 'D1', ts, value: 41 }] });
    await waitFor(async () => (await admin.get('/api/v1/latest')).body.points.length === 1);

    const refused = connectLive(svc, undefined);
    const error = await connectError(refused);
    expect(error.message).toBe('unauthorized');
    expect(problems('ConnectError', { message: error.message })).toEqual([]);
    refused.close();

    const s = connectLive(svc, svc.adminKey);
    await connected(s);
    const values: any[] = [];
    s.on('values', (e: any) => values.push(e));
    const ack = await s.emitWithAck('subscribe', { domains: ['env'] });
    expect(ack.snapshot).toHaveLength(1);
    expect(problems('SubscribeAck', ack)).toEqual([]);
    await admin.post('/api/v1/ingest', { points: [{ indicator: 'env.aqi', scope: 'D1', ts: ts + 1, value: 42 }] });
    await waitFor(() => values.some((e) => e.points.some((p: any) => p.value === 42)));
    for (const event of values) expect(problems('ValuesEvent', event)).toEqual([]);
    expect(problems('UnsubscribeAck', await s.emitWithAck('unsubscribe', {}))).toEqual([]);
    s.close();

    const district = connectLive(svc, await createKey(svc, 'district', ['D1']));
    await connected(district);
    const forbidden = await district.emitWithAck('subscribe', { scopes: ['D2'] });
    expect(forbidden).toEqual({ ok: false, error: 'forbidden' });
    expect(problems('SubscribeAck', forbidden)).toEqual([]);
    district.close();
  });
});
