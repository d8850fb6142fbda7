import {
  type Alert,
  type DrainingEvent,
  type LiveSource,
  type HeartbeatEvent,
  type LivePoint,
  LIVE_CLIENT_EVENTS,
  LIVE_SERVER_EVENTS,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
  type SubscribeAck,
  type SubscribeRequest,
  type UnsubscribeAck,
  type ValuesEvent,
} from '@app/contracts';
import { schemaChecker } from '../../../test/support/json-schema';
import { type AsyncApiMessage, liveAsyncApiDocument } from './live-asyncapi.document';

/*
 * The fields of a contract type, split into required and optional. The two records must name every
 * field of T exactly (a missing or an extra field fails `tsc`, which CI runs), so the comparisons
 * below tie the document's schemas to the TypeScript interfaces.
 */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;
const fieldsOf = <T>(required: Record<RequiredKeys<T>, true>, optional: Record<OptionalKeys<T>, true>) => ({
  required: Object.keys(required).sort(),
  all: [...Object.keys(required), ...Object.keys(optional)].sort(),
});

const CONTRACT_FIELDS: Record<string, { required: string[]; all: string[] }> = {
  Point: fieldsOf<LivePoint>({ indicator: true, scope: true, ts: true, value: true }, { period: true, revised: true }),
  Alert: fieldsOf<Alert>(
    {
      id: true,
      ruleId: true,
      indicator: true,
      scope: true,
      severity: true,
      state: true,
      value: true,
      threshold: true,
      firedAt: true,
      reason: true,
    },
    { resolvedAt: true, acknowledgedAt: true, acknowledgedBy: true, note: true, silenced: true },
  ),
  SubscribeRequest: fieldsOf<SubscribeRequest>({}, { indicators: true, domains: true, scopes: true, cursor: true }),
  SubscribeAccepted: fieldsOf<Extract<SubscribeAck, { ok: true }>>(
    { ok: true, snapshot: true, cursor: true, alerts: true },
    { resync: true },
  ),
  AckRefused: fieldsOf<Extract<SubscribeAck, { ok: false }>>({ ok: true, error: true }, {}),
  UnsubscribeAccepted: fieldsOf<Extract<UnsubscribeAck, { ok: true }>>({ ok: true }, {}),
  ValuesEvent: fieldsOf<ValuesEvent>({ cursor: true, points: true }, {}),
  HeartbeatEvent: fieldsOf<HeartbeatEvent>({ cursor: true, at: true }, {}),
  DrainingEvent: fieldsOf<DrainingEvent>({ reason: true, retryInMs: true }, {}),
  SourceEvent: fieldsOf<LiveSource>(
    {
      id: true,
      name: true,
      kind: true,
      state: true,
      paused: true,
      healthScope: true,
      lastRunAt: true,
      lastSuccessAt: true,
      lastError: true,
      failures: true,
      accepted: true,
      rejected: true,
      nextRunAt: true,
    },
    { deleted: true },
  ),
};

/** The payload schema of each event, by event map: a new event fails `tsc` here until it is documented. */
const SERVER_EVENT_PAYLOADS: Record<keyof LiveServerToClientEvents, string> = {
  values: 'ValuesEvent',
  alert: 'Alert',
  heartbeat: 'HeartbeatEvent',
  draining: 'DrainingEvent',
  source: 'SourceEvent',
};
const CLIENT_EVENT_PAYLOADS: Record<keyof LiveClientToServerEvents, { request: string; ack: string }> = {
  subscribe: { request: 'SubscribeRequest', ack: 'SubscribeAck' },
  unsubscribe: { request: 'UnsubscribeRequest', ack: 'UnsubscribeAck' },
};

const doc = liveAsyncApiDocument();
/** The ways a value breaks a schema of the document (every field must be described). */
const problems = schemaChecker(doc);

/** The node a local $ref points at (through further $refs); fails the test when there is none. */
function resolve(ref: string): Record<string, unknown> {
  expect(ref).toMatch(/^#\//);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  expect(node).toBeInstanceOf(Object);
  const found = node as Record<string, unknown>;
  return typeof found.$ref === 'string' ? resolve(found.$ref) : found;
}

/** The messages an operation names, resolved through the channel to the component. */
function messagesOf(refs: { $ref: string }[]): AsyncApiMessage[] {
  return refs.map((r) => resolve(r.$ref) as unknown as AsyncApiMessage);
}

function operations(action: 'send' | 'receive') {
  return Object.values(doc.operations).filter((o) => o.action === action);
}

describe('AsyncAPI document of /live', () => {
  it('is AsyncAPI 3.0.0, and every $ref in it points at something', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref') refs.push(x as string);
          else walk(x);
        }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(30);
    for (const ref of refs) resolve(ref);
  });

  it('lists the event names of the contracts (the runtime lists equal the event maps, checked by tsc)', () => {
    expect([...LIVE_SERVER_EVENTS].sort()).toEqual(Object.keys(SERVER_EVENT_PAYLOADS).sort());
    expect([...LIVE_CLIENT_EVENTS].sort()).toEqual(Object.keys(CLIENT_EVENT_PAYLOADS).sort());
  });

  it('has one send operation and message per server event (and connect_error), with its payload', () => {
    const sent = operations('send').flatMap((o) => messagesOf(o.messages));
    expect(sent.map((m) => m.name).sort()).toEqual([...LIVE_SERVER_EVENTS, 'connect_error'].sort());
    for (const event of LIVE_SERVER_EVENTS) {
      const m = sent.find((x) => x.name === event)!;
      expect(m.payload.$ref).toBe(`#/components/schemas/${SERVER_EVENT_PAYLOADS[event]}`);
    }
  });

  it('has one receive operation per client event, each with its acknowledgement as the reply', () => {
    const received = operations('receive');
    expect(received.flatMap((o) => messagesOf(o.messages).map((m) => m.name)).sort()).toEqual(
      [...LIVE_CLIENT_EVENTS].sort(),
    );
    for (const event of LIVE_CLIENT_EVENTS) {
      const op = received.find((o) => messagesOf(o.messages)[0].name === event)!;
      const [request] = messagesOf(op.messages);
      expect(request.payload.$ref).toBe(`#/components/schemas/${CLIENT_EVENT_PAYLOADS[event].request}`);
      expect(op.reply).toBeDefined();
      const [ack] = messagesOf(op.reply!.messages);
      expect(ack.name).toBeUndefined();
      expect(ack.payload.$ref).toBe(`#/components/schemas/${CLIENT_EVENT_PAYLOADS[event].ack}`);
    }
  });

  it('the channel carries every message, and every operation uses that channel', () => {
    const channel = doc.channels.live;
    expect(channel.address).toBe('/live');
    expect(Object.keys(channel.messages).sort()).toEqual(Object.keys(doc.components.messages).sort());
    for (const op of Object.values(doc.operations)) expect(op.channel.$ref).toBe('#/channels/live');
  });

  it.each(Object.keys(CONTRACT_FIELDS))('schema %s has the fields of its contract type', (name) => {
    const schema = doc.components.schemas[name] as { required?: string[]; properties: object };
    expect([...(schema.required ?? [])].sort()).toEqual(CONTRACT_FIELDS[name].required);
    expect(Object.keys(schema.properties).sort()).toEqual(CONTRACT_FIELDS[name].all);
  });

  it('every example conforms to its message payload, with no undescribed field', () => {
    let checked = 0;
    for (const [name, m] of Object.entries(doc.components.messages)) {
      for (const example of m.examples ?? []) {
        expect({ message: name, example: example.name, problems: problems(m.payload.$ref, example.payload) }).toEqual({
          message: name,
          example: example.name,
          problems: [],
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(Object.keys(doc.components.messages).length);
  });

  it('the schemas refuse what the contract refuses', () => {
    const check = (name: string, value: unknown) => problems(`#/components/schemas/${name}`, value);
    expect(check('SubscribeRequest', { scopes: ['not a code!'] })).not.toEqual([]);
    expect(check('SubscribeRequest', { scope: ['718'] })).not.toEqual([]);
    expect(check('SubscribeAck', { ok: true, snapshot: [], cursor: '1-0' })).not.toEqual([]); // no alerts
    expect(check('SubscribeAck', { ok: false, error: 'forbidden' })).toEqual([]);
    expect(check('Alert', { state: 'pending' })).not.toEqual([]);
    expect(check('DrainingEvent', { reason: 'restart', retryInMs: 5 })).not.toEqual([]);
    expect(check('Point', { indicator: 'a', scope: 'b', ts: 1.5, value: 1 })).not.toEqual([]);
    const periodPoint = { indicator: 'a', scope: 'b', ts: 1, value: 1, period: '2026-Q3', revised: false };
    expect(check('Point', periodPoint)).toEqual([]);
    expect(check('Point', { ...periodPoint, revised: undefined })).not.toEqual([]);
    expect(check('Point', { ...periodPoint, period: '2026-13-1' })).not.toEqual([]);
  });

  it('describes the handshake key as the security of the server', () => {
    const server = doc.servers.gateway;
    expect(server.security?.map((s) => s.$ref)).toEqual(['#/components/securitySchemes/handshakeToken']);
    expect(JSON.stringify(doc.components.securitySchemes)).toContain('unauthorized');
    expect(server.protocol).toBe('ws');
  });

  it('takes its host and ws/wss from the public URL', () => {
    const behindTls = liveAsyncApiDocument('https://ioc.example.gov.vn').servers.gateway;
    expect(behindTls.protocol).toBe('wss');
    expect(behindTls.variables?.host.default).toBe('ioc.example.gov.vn');
    expect(liveAsyncApiDocument('http://').servers.gateway.variables?.host.default).toBe('localhost:3000');
  });
});

describe('schemaChecker (test/support, on ajv)', () => {
  const document = {
    components: {
      schemas: {
        N: { type: 'integer', minimum: 0 },
        O: { type: 'object', required: ['a'], properties: { a: { $ref: '#/components/schemas/N' } } },
        Open: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
      },
    },
  };
  const check = schemaChecker(document);

  it('resolves $refs inside the document and names each problem with its path', () => {
    expect(check('#/components/schemas/O', { a: 1 })).toEqual([]);
    expect(check('#/components/schemas/O', {})).toEqual(["$: must have required property 'a'"]);
    expect(check('#/components/schemas/O', { a: -1 })).toEqual(['$.a: must be >= 0']);
  });

  it('refuses a field the schema does not describe, unless it says additionalProperties', () => {
    expect(check('#/components/schemas/O', { a: 1, b: 2 })).toEqual(['$: must NOT have additional properties ("b")']);
    expect(check('#/components/schemas/Open', { a: 'x', b: 2 })).toEqual([]);
    expect(document.components.schemas.O).not.toHaveProperty('additionalProperties');
  });

  it('throws on a keyword it does not know, rather than passing it by', () => {
    const typo = { components: { schemas: { Code: { type: 'string', maxLenght: 3 } } } };
    expect(() => schemaChecker(typo)).toThrow(/maxLenght/);
  });
});
