import {
  ALERT_STATES,
  DOMAIN_CODE,
  INDICATOR_CODE,
  LIVE_NAMESPACE,
  LIVE_SOURCE_FIELDS,
  SCOPE_CODE,
  SEVERITIES,
  SOURCE_KINDS,
  type Alert,
  type DrainingEvent,
  type LiveSource,
  type HeartbeatEvent,
  type IndicatorPoint,
  type LivePoint,
  type SubscribeAck,
  type SubscribeRequest,
  type UnsubscribeAck,
  type ValuesEvent,
} from '@app/contracts';

/** A JSON Schema (draft 7, as AsyncAPI's schema format uses it). */
export type JsonSchema = { [keyword: string]: unknown };

/** Where the document is served (public, like the OpenAPI JSON at /api/docs-json). */
export const ASYNCAPI_PATH = '/api/docs/asyncapi.json';

/** The parts of an AsyncAPI 3.0 document that code and tests read; the rest is free-form. */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string; [field: string]: unknown };
  servers: Record<string, AsyncApiServer>;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }>; [field: string]: unknown }>;
  operations: Record<string, AsyncApiOperation>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<string, AsyncApiMessage>;
    securitySchemes: Record<string, unknown>;
  };
  [field: string]: unknown;
}

export interface AsyncApiServer {
  host: string;
  protocol: string;
  variables?: Record<string, { default: string; description?: string }>;
  security?: { $ref: string }[];
  [field: string]: unknown;
}

export interface AsyncApiOperation {
  /** From the gateway's side: `receive` = a client sends it, `send` = the gateway emits it. */
  action: 'send' | 'receive';
  channel: { $ref: string };
  messages: { $ref: string }[];
  reply?: { channel: { $ref: string }; messages: { $ref: string }[] };
  [field: string]: unknown;
}

export interface AsyncApiMessage {
  /** The Socket.IO event name (absent on acknowledgements, which have none). */
  name?: string;
  title: string;
  payload: { $ref: string };
  examples?: { name: string; summary?: string; payload: unknown }[];
  [field: string]: unknown;
}

const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const message = (name: string) => ({ $ref: `#/components/messages/${name}` });
const channelMessage = (name: string) => ({ $ref: `#/channels/live/messages/${name}` });
const LIVE_CHANNEL = { $ref: '#/channels/live' };

const MS = { type: 'integer', minimum: 0, description: 'epoch milliseconds' };
const CURSOR = {
  type: 'string',
  description: 'An opaque stream position (do not parse it): keep the last one seen and subscribe with it to resume.',
};
const codes = (name: string, maxItems = 5000) => ({ type: 'array', maxItems, items: schema(name) });

// Examples, typed against the contracts so that they cannot drift from them.
const POINT: IndicatorPoint = { indicator: 'environment.aqi', scope: '718', ts: 1795392000000, value: 87 };
const FIRING: Alert = {
  id: '1795392000000a1b2c3d4',
  ruleId: 'b3c1f0de-52a7-4c36-9a0e-0f5b7c2d9e11',
  indicator: 'environment.aqi',
  scope: '718',
  severity: 'critical',
  state: 'firing',
  value: 163,
  threshold: 150,
  firedAt: 1795392000000,
  reason: 'AQI (Thành phố Thủ Dầu Một) = 163, vượt ngưỡng 150',
};
const ACKNOWLEDGED: Alert = {
  ...FIRING,
  state: 'acknowledged',
  acknowledgedAt: 1795392100000,
  acknowledgedBy: 'Operator console 1',
  note: 'team on site',
};
const SUBSCRIBE: SubscribeRequest = { scopes: ['718'], domains: ['environment'] };
const RESUME: SubscribeRequest = { scopes: ['718'], domains: ['environment'], cursor: '1795392000000-3' };
const SUBSCRIBED: SubscribeAck = { ok: true, snapshot: [POINT], cursor: '1795392000000-3', alerts: [FIRING] };
const RESUMED: SubscribeAck = { ok: true, snapshot: [], cursor: '1795392060000-0', alerts: [ACKNOWLEDGED] };
const RESYNC: SubscribeAck = { ok: true, resync: true, snapshot: [POINT], cursor: '1795392960000-0', alerts: [] };
const FORBIDDEN: SubscribeAck = { ok: false, error: 'forbidden' };
const RATE_LIMITED: SubscribeAck = { ok: false, error: 'rate limited' };
const UNSUBSCRIBED: UnsubscribeAck = { ok: true };
const VALUES: ValuesEvent = { cursor: '1795392001000-0', points: [{ ...POINT, ts: 1795392001000, value: 91 }] };
/** A revised monthly figure (`ts`: the start of October 2026 in UTC+7). */
const PERIOD_POINT: LivePoint = {
  indicator: 'finance.budget_revenue',
  scope: '718',
  ts: 1790787600000,
  value: 52,
  period: '2026-10',
  revised: true,
};
const REVISED: ValuesEvent = { cursor: '1795392002000-0', points: [PERIOD_POINT] };
const HEARTBEAT: HeartbeatEvent = { cursor: '1795392001000-0', at: 1795392016000 };
const DRAINING: DrainingEvent = { reason: 'shutdown', retryInMs: 1000 };
const SOURCE: LiveSource = {
  id: '5b0c4e4e-2f7a-4d52-9a55-3f5c2d1e0a11',
  name: 'Cổng dữ liệu mở tỉnh: chất lượng không khí',
  kind: 'http',
  state: 'failing',
  paused: false,
  healthScope: 'src-5b0c4e4e2f7a',
  lastRunAt: 1795392000000,
  lastSuccessAt: 1795391400000,
  lastError: 'the server answered 503 Service Unavailable',
  failures: 3,
  accepted: 12840,
  rejected: 2,
  nextRunAt: 1795392240000,
};

const SCHEMAS: Record<string, JsonSchema> = {
  DomainCode: { type: 'string', pattern: DOMAIN_CODE.source },
  IndicatorCode: { type: 'string', pattern: INDICATOR_CODE.source },
  ScopeCode: { type: 'string', pattern: SCOPE_CODE.source, description: 'a scope, meaning it and its descendants' },
  Point: {
    type: 'object',
    description:
      'One value of one series. A point of a period indicator (reported per day, month, quarter or year) ' +
      'also carries `period` and `revised`; a stream point has neither.',
    required: ['indicator', 'scope', 'ts', 'value'],
    properties: {
      indicator: schema('IndicatorCode'),
      scope: schema('ScopeCode'),
      ts: { ...MS, description: "epoch milliseconds (a period point: the period's start)" },
      value: { type: 'number', description: 'a finite number' },
      period: {
        type: 'string',
        pattern: '^\\d{4}(-\\d{2}(-\\d{2})?|-Q[1-4])?$',
        description: "period indicators only: the period's label (`2026-10`, `2026-Q3`, `2026`, `2026-10-05`)",
        examples: ['2026-10'],
      },
      revised: {
        type: 'boolean',
        description:
          'period indicators only: true when this value replaced an earlier report of the same period ' +
          '(a revision), false for the first report',
      },
    },
    dependencies: { period: ['revised'], revised: ['period'] },
  },
  Alert: {
    type: 'object',
    description:
      "The alert object, as the HTTP API shows it (GET /api/v1/alerts), with `reason` in the socket's language.",
    required: ['id', 'ruleId', 'indicator', 'scope', 'severity', 'state', 'value', 'threshold', 'firedAt', 'reason'],
    properties: {
      id: { type: 'string' },
      ruleId: { type: 'string' },
      indicator: schema('IndicatorCode'),
      scope: schema('ScopeCode'),
      severity: { type: 'string', enum: [...SEVERITIES] },
      state: { type: 'string', enum: [...ALERT_STATES] },
      value: { type: 'number', description: 'the value that breached (or the last value seen)' },
      threshold: {
        type: 'number',
        description:
          'the number that was crossed: `value` for > >= < <=, `low` or `high` for outside, `seconds` for stale',
      },
      firedAt: MS,
      resolvedAt: MS,
      acknowledgedAt: MS,
      acknowledgedBy: { type: 'string', description: 'the name of the key that acknowledged it' },
      note: { type: 'string', description: 'the note given with the acknowledgement' },
      reason: {
        type: 'string',
        description:
          "one sentence a person can read, in the socket's language: `auth.lang`, else `?lang=`, else the handshake's Accept-Language (`vi` by default, `en`)",
      },
      silenced: {
        type: 'boolean',
        description:
          'true while a silence matched its last change (listed by the HTTP API; no socket event is sent for a silenced change)',
      },
    },
  },
  SubscribeRequest: {
    type: 'object',
    description:
      'Filters combine with AND; an absent filter matches everything the key may see. A second subscribe on ' +
      'the same socket replaces the first. Unknown fields are refused.',
    additionalProperties: false,
    properties: {
      indicators: codes('IndicatorCode'),
      domains: codes('DomainCode'),
      scopes: codes('ScopeCode'),
      cursor: { ...CURSOR, maxLength: 64, description: 'resume from here (the last cursor seen)' },
    },
  },
  SubscribeAck: { oneOf: [schema('SubscribeAccepted'), schema('AckRefused')] },
  SubscribeAccepted: {
    type: 'object',
    required: ['ok', 'snapshot', 'cursor', 'alerts'],
    properties: {
      ok: { const: true },
      snapshot: {
        type: 'array',
        items: schema('Point'),
        description:
          'The latest point of every matching series; empty on a resume from a cursor inside the replay window ' +
          '(the missed points then follow in `values` events, in order, before any live point).',
      },
      cursor: CURSOR,
      resync: {
        const: true,
        description: 'The cursor given was outside the replay window (or unknown): start over from this snapshot.',
      },
      alerts: {
        type: 'array',
        items: schema('Alert'),
        description:
          'The alerts in state `firing` or `acknowledged` that the subscription matches and the key may see, ' +
          'so that a wall that reboots shows the same alarms.',
      },
    },
  },
  AckRefused: {
    type: 'object',
    required: ['ok', 'error'],
    properties: {
      ok: { const: false },
      error: {
        type: 'string',
        description:
          'What was wrong, in words: `"forbidden"` (a scope outside a district key\'s), `"rate limited"` (more ' +
          'than 100 events in 10 s), a validation message naming the field (`"scopes must be scope codes"`), ' +
          '`"too many resumes running for this key; retry in a few seconds"`, or `"the live service could not ' +
          'read the latest values; retry"`.',
        examples: ['forbidden', 'rate limited', 'scopes must be scope codes'],
      },
    },
  },
  UnsubscribeRequest: { type: 'object', description: '`{}` (its content is ignored)' },
  UnsubscribeAck: { oneOf: [schema('UnsubscribeAccepted'), schema('AckRefused')] },
  UnsubscribeAccepted: { type: 'object', required: ['ok'], properties: { ok: { const: true } } },
  ValuesEvent: {
    type: 'object',
    required: ['cursor', 'points'],
    properties: {
      cursor: { ...CURSOR, description: 'the stream position after these points: remember it to resume' },
      points: {
        type: 'array',
        items: schema('Point'),
        description:
          'New points of matching series, in time order per series (sorted by `ts` inside one event). A slow ' +
          'client may get only the newest value of a series (conflation), never an older one after a newer one.',
      },
    },
  },
  HeartbeatEvent: {
    type: 'object',
    required: ['cursor', 'at'],
    properties: {
      cursor: { ...CURSOR, description: 'the stream position the socket is covered up to (a cursor to resume from)' },
      at: { ...MS, description: 'the server time, epoch milliseconds' },
    },
  },
  DrainingEvent: {
    type: 'object',
    required: ['reason', 'retryInMs'],
    properties: {
      reason: { type: 'string', enum: ['shutdown'] },
      retryInMs: {
        type: 'integer',
        minimum: 0,
        description: 'reconnect after about this long (to another gateway process) and resume with the last cursor',
      },
    },
  },
  SourceEvent: {
    type: 'object',
    required: [...LIVE_SOURCE_FIELDS],
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string', enum: [...SOURCE_KINDS] },
      state: { type: 'string', enum: ['ok', 'failing', 'paused'] },
      paused: { type: 'boolean' },
      healthScope: { type: 'string', description: "scope of the source's `system.source_health` series" },
      lastRunAt: { oneOf: [MS, { type: 'null' }] },
      lastSuccessAt: { oneOf: [MS, { type: 'null' }] },
      lastError: { type: ['string', 'null'], description: 'the last failure in words; null after a success' },
      failures: { type: 'integer', minimum: 0, description: 'failed runs in a row' },
      accepted: { type: 'integer', minimum: 0, description: 'points taken since the source was created' },
      rejected: { type: 'integer', minimum: 0 },
      nextRunAt: { oneOf: [MS, { type: 'null' }], description: 'when the next poll is due; null for MQTT or paused' },
      deleted: { type: 'boolean', const: true, description: 'present when the source was just deleted' },
    },
  },
  ConnectError: {
    type: 'object',
    required: ['message'],
    properties: {
      message: {
        type: 'string',
        description:
          '`"unauthorized"`: no key, or an unknown or revoked one. `"forbidden"`: an `ingest` key (it reads ' +
          'nothing). `"too many connections for this key"`, `"too many connections from this address"`: a socket ' +
          'limit. `"unavailable"`: the key could not be checked; retry.',
        examples: ['unauthorized', 'forbidden', 'too many connections for this key'],
      },
    },
  },
  HandshakeAuth: {
    type: 'object',
    description: "Socket.IO's `auth` option: sent in the namespace CONNECT packet, never in the URL.",
    required: ['token'],
    properties: {
      token: { type: 'string', description: 'an ioc-stream API key (`ioc_` and 43 url-safe characters)' },
      lang: { type: 'string', description: 'the language of alert reasons: `vi` (default) or `en`' },
    },
  },
};

const MESSAGES: Record<string, AsyncApiMessage> = {
  subscribe: {
    name: 'subscribe',
    title: 'subscribe (client → server, with an acknowledgement)',
    summary: 'Choose what the socket receives, optionally resuming from a cursor.',
    payload: schema('SubscribeRequest'),
    examples: [
      { name: 'new', payload: SUBSCRIBE },
      { name: 'resume', summary: 'after a reconnect, with the last cursor seen', payload: RESUME },
    ],
  },
  subscribeAck: {
    title: 'subscribe acknowledgement',
    summary: 'The answer passed to the callback of `subscribe`.',
    payload: schema('SubscribeAck'),
    examples: [
      { name: 'subscribed', payload: SUBSCRIBED },
      { name: 'resumed', summary: 'the missed points follow in `values`', payload: RESUMED },
      { name: 'resync', summary: 'the cursor was outside the replay window', payload: RESYNC },
      { name: 'forbidden', payload: FORBIDDEN },
      { name: 'rateLimited', payload: RATE_LIMITED },
    ],
  },
  unsubscribe: {
    name: 'unsubscribe',
    title: 'unsubscribe (client → server, with an acknowledgement)',
    summary: 'Stop receiving `values` and `alert` events.',
    payload: schema('UnsubscribeRequest'),
    examples: [{ name: 'empty', payload: {} }],
  },
  unsubscribeAck: {
    title: 'unsubscribe acknowledgement',
    payload: schema('UnsubscribeAck'),
    examples: [{ name: 'done', payload: UNSUBSCRIBED }],
  },
  values: {
    name: 'values',
    title: 'values (server → client)',
    summary: 'New points of the series the subscription matches.',
    payload: schema('ValuesEvent'),
    examples: [
      { name: 'one point', payload: VALUES },
      { name: 'a revised period value', summary: 'a period point carries period and revised', payload: REVISED },
    ],
  },
  alert: {
    name: 'alert',
    title: 'alert (server → client)',
    summary: 'An alert changed state (fired, was acknowledged, resolved): the whole alert in its new state.',
    payload: schema('Alert'),
    examples: [
      { name: 'firing', payload: FIRING },
      { name: 'acknowledged', payload: ACKNOWLEDGED },
    ],
  },
  heartbeat: {
    name: 'heartbeat',
    title: 'heartbeat (server → client)',
    summary: 'Sent at least every 15 s on a subscribed socket with no other traffic.',
    payload: schema('HeartbeatEvent'),
    examples: [{ name: 'quiet', payload: HEARTBEAT }],
  },
  draining: {
    name: 'draining',
    title: 'draining (server → client)',
    summary: 'This gateway process is stopping: the socket is closed right after.',
    payload: schema('DrainingEvent'),
    examples: [{ name: 'shutdown', payload: DRAINING }],
  },
  source: {
    name: 'source',
    title: 'source (server → client, admin keys)',
    summary: 'A source (HTTP poll, MQTT) changed state: after a run, a connection change or an edit.',
    payload: schema('SourceEvent'),
    examples: [{ name: 'failing', payload: SOURCE }],
  },
  connectError: {
    name: 'connect_error',
    title: 'connect_error (server → client, instead of connecting)',
    summary: 'The namespace refused the socket (a Socket.IO CONNECT_ERROR packet).',
    payload: schema('ConnectError'),
    examples: [{ name: 'unauthorized', payload: { message: 'unauthorized' } }],
  },
};

const DESCRIPTION = `Live values and alerts of ioc-stream over **Socket.IO v4** (Engine.IO protocol 4, Socket.IO protocol 5),
namespace \`${LIVE_NAMESPACE}\`. AsyncAPI has no Socket.IO binding: a channel here is the namespace, a message is
one Socket.IO event (its name is the message's \`name\`; the payload is the event's single argument), and a
reply is the event's acknowledgement (the callback a client passes as the last argument of \`emit\`).
Operations are described from the gateway's side: \`receive\` = a client emits it, \`send\` = the gateway emits it.

\`\`\`js
const socket = io(url + '/live', { auth: { token: key } });
socket.emit('subscribe', { scopes: ['718'], domains: ['traffic'] }, (ack) => { /* {ok, snapshot, cursor, alerts} */ });
socket.on('values', ({ cursor, points }) => { /* remember cursor */ });
\`\`\`

- **Resume.** A client that reconnects and subscribes with the last cursor it saw (from an ack, \`values\` or
  \`heartbeat\`) receives, before any live event, every point and \`alert\` event it missed, as long as the
  cursor is inside the replay window (\`IOC_LIVE_REPLAY_SECONDS\`, 15 minutes by default); otherwise the ack
  says \`resync: true\`.
- **Limits.** Over 100 events in 10 s per socket, acks answer \`{ok: false, error: "rate limited"}\` and a socket
  that goes on is disconnected. Per-key and per-address socket limits refuse the connection (\`connect_error\`).
- The HTTP API (OpenAPI at /api/docs) and the project's docs/protocol.md describe the rest.`;

/**
 * The AsyncAPI 3.0 document of the Socket.IO namespace /live, built from the shared contracts
 * (codes, severities, states). `publicUrl` (IOC_PUBLIC_URL) sets the server's host and ws/wss.
 */
export function liveAsyncApiDocument(publicUrl?: string): AsyncApiDocument {
  const url = publicUrl && URL.canParse(publicUrl) ? new URL(publicUrl) : undefined;
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'ioc-stream live (Socket.IO namespace /live)',
      version: '1.1.0',
      description: DESCRIPTION,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      gateway: {
        host: '{host}',
        protocol: url?.protocol === 'https:' ? 'wss' : 'ws',
        pathname: '/socket.io/',
        title: 'an ioc-stream gateway (or the all-in-one server)',
        description:
          'Socket.IO endpoint of an ioc-stream process, on the same port as the HTTP API. Clients connect with ' +
          'socket.io-client to `<base URL>/live`; the WebSocket transport is preferred, HTTP long-polling also works. ' +
          'Behind a load balancer, any gateway process serves any socket.',
        variables: {
          host: {
            default: url?.host ?? 'localhost:3000',
            description: 'host and port of the service (PORT, default 3000)',
          },
        },
        security: [{ $ref: '#/components/securitySchemes/handshakeToken' }],
        'x-socket-io': { version: 4, protocol: 5, engineIo: 4, transports: ['websocket', 'polling'] },
      },
    },
    channels: {
      live: {
        address: LIVE_NAMESPACE,
        title: 'namespace /live',
        description:
          'Every socket must subscribe before it receives `values`, `alert` or `heartbeat` events; `draining` ' +
          'and `connect_error` reach any socket.',
        servers: [{ $ref: '#/servers/gateway' }],
        messages: Object.fromEntries(Object.keys(MESSAGES).map((name) => [name, message(name)])),
        bindings: {
          ws: {
            method: 'GET',
            query: {
              type: 'object',
              description: 'The Engine.IO handshake URL (socket.io-client builds it).',
              properties: {
                EIO: { type: 'string', const: '4' },
                transport: { type: 'string', enum: ['websocket', 'polling'] },
                lang: { type: 'string', description: 'the language of alert reasons if `auth.lang` is absent' },
              },
            },
            headers: {
              type: 'object',
              properties: {
                'Accept-Language': {
                  type: 'string',
                  description: 'the language of alert reasons if neither `auth.lang` nor `?lang=` is given',
                },
              },
            },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations: {
      subscribe: {
        action: 'receive',
        channel: LIVE_CHANNEL,
        title: 'subscribe',
        summary: 'A client chooses its series (and resumes from a cursor); the ack carries the snapshot.',
        description:
          "A socket's subscribes are answered one at a time, in order. Identical subscriptions within a second " +
          'share one snapshot. Every event a client sends counts against the rate limit.',
        messages: [channelMessage('subscribe')],
        reply: { channel: LIVE_CHANNEL, messages: [channelMessage('subscribeAck')] },
      },
      unsubscribe: {
        action: 'receive',
        channel: LIVE_CHANNEL,
        title: 'unsubscribe',
        summary: 'A client stops its subscription; the socket stays open.',
        messages: [channelMessage('unsubscribe')],
        reply: { channel: LIVE_CHANNEL, messages: [channelMessage('unsubscribeAck')] },
      },
      values: {
        action: 'send',
        channel: LIVE_CHANNEL,
        title: 'values',
        summary: 'Every new point of a matching series, in time order per series.',
        description:
          'A point older than the newest one already sent for its series (a late or backfilled point) is ' +
          'stored but not sent live.',
        messages: [channelMessage('values')],
      },
      alert: {
        action: 'send',
        channel: LIVE_CHANNEL,
        title: 'alert',
        summary:
          'Every change of state of an alert whose series the subscription matches and whose scope the key may see.',
        description: 'Silenced changes are not sent. Alert events are part of resume, like values.',
        messages: [channelMessage('alert')],
      },
      heartbeat: {
        action: 'send',
        channel: LIVE_CHANNEL,
        title: 'heartbeat',
        summary:
          'At least every 15 s on a subscribed socket with no other traffic, so a screen can tell "no new value" ' +
          'from "connection lost".',
        messages: [channelMessage('heartbeat')],
      },
      draining: {
        action: 'send',
        channel: LIVE_CHANNEL,
        title: 'draining',
        summary:
          'Before a gateway process stops: the socket is closed right after; the client reconnects after about ' +
          '`retryInMs` (to another process behind the load balancer) and subscribes with its last cursor.',
        messages: [channelMessage('draining')],
      },
      source: {
        action: 'send',
        channel: LIVE_CHANNEL,
        title: 'source',
        summary:
          'The state of a source (as in `GET /api/v1/sources`, without its settings) after each run, connection ' +
          "change or edit; an MQTT source's counters at most once a second while messages flow.",
        description:
          "Sent only to admin keys (the sources API is admin only) whose subscription takes the source's health " +
          'series: indicator `system.source_health`, scope `healthScope` (e.g. `{domains: ["system"]}`). Part of ' +
          'resume, like values and alerts.',
        messages: [channelMessage('source')],
      },
      connectError: {
        action: 'send',
        channel: LIVE_CHANNEL,
        title: 'connect_error',
        summary: 'The gateway refuses a socket: a missing or unknown key gets `"unauthorized"`.',
        description:
          'socket.io-client reports it as the `connect_error` event with an Error whose `message` is the text ' +
          'here. A handshake over the per-address rate of new connections is refused with HTTP 403 before any ' +
          'WebSocket is set up (the client then sees a transport error); retry with back-off.',
        messages: [channelMessage('connectError')],
      },
    },
    components: {
      schemas: SCHEMAS,
      messages: MESSAGES,
      securitySchemes: {
        handshakeToken: {
          type: 'apiKey',
          in: 'user',
          description:
            'An API key in the Socket.IO handshake\'s `auth` object: `io(url + "/live", { auth: { token: "<key>" } })` ' +
            '(see the HandshakeAuth schema). AsyncAPI has no scheme for a Socket.IO `auth` field; `apiKey` is the ' +
            'nearest. Every role but `ingest` may connect; a `district` key sees only its scopes. A missing, ' +
            'unknown or revoked key: `connect_error` with message `"unauthorized"`. A key revoked while its ' +
            'sockets are open closes them within seconds.',
          'x-socket-io-auth': schema('HandshakeAuth'),
        },
      },
    },
  };
}
