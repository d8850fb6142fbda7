import { SECRET_MASK } from '@app/contracts';
import { mappingProblem } from '../mapping/source-mapping.util';
import { SettingsProblem } from '../sources/source-settings.util';

/** Limits of an MQTT source's settings. */
export const MQTT_LIMITS = {
  maxTopics: 50,
  maxTopicLength: 1000,
  maxClientIdLength: 64,
  maxUsernameLength: 200,
  maxPasswordLength: 1000,
} as const;

/** The fields an MQTT source takes (besides name, kind and paused). */
export const MQTT_SETTING_FIELDS = ['url', 'username', 'password', 'clientId', 'topics', 'mapping'] as const;

/** An MQTT source's settings, split: what may be shown and stored in clear, and the password. */
export interface ParsedMqttSettings {
  settings: {
    url: string;
    username?: string;
    /** SECRET_MASK when a password is stored. */
    password?: string;
    clientId?: string;
    topics: string[];
    mapping: Record<string, unknown>;
  };
  secrets: { password?: string };
}

const CLIENT_ID = /^[A-Za-z0-9_.:-]+$/;

/** Why `url` is not a broker address, or null: `mqtt://host[:port]` or `mqtts://host[:port]`, no credentials, no path. */
export function brokerUrlProblem(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 2000) return 'must be an mqtt:// or mqtts:// URL';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be an mqtt:// or mqtts:// URL';
  }
  if (u.protocol !== 'mqtt:' && u.protocol !== 'mqtts:') return 'must be an mqtt:// or mqtts:// URL';
  if (!u.hostname) return "must name the broker's host (mqtt://host:1883)";
  if (u.username || u.password) return 'must not carry user:password@: give username and password (encrypted)';
  if ((u.pathname && u.pathname !== '/') || u.search || u.hash) return 'must be mqtt(s)://host[:port] only';
  return null;
}

/**
 * Why `topic` is not an MQTT topic filter, or null: levels separated by `/`, `+` a whole level, `#` a
 * whole level and the last one, no NUL, not empty, no shared subscription (`$share/...`: one worker
 * holds a source anyway).
 */
export function topicFilterProblem(topic: unknown): string | null {
  if (typeof topic !== 'string' || topic.length === 0) return 'must be a non-empty topic filter';
  if (Buffer.byteLength(topic) > MQTT_LIMITS.maxTopicLength) return `at most ${MQTT_LIMITS.maxTopicLength} bytes`;
  if (topic.includes('\0')) return 'must not contain a NUL character';
  if (topic.startsWith('$share/')) return 'shared subscriptions ($share/...) are not taken: one worker holds a source';
  const levels = topic.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return `"${topic}": # must be a whole level and the last one (a/b/#)`;
    }
    if (level.includes('+') && level !== '+') return `"${topic}": + must be a whole level (a/+/c)`;
  }
  return null;
}

/**
 * Checks an MQTT source's settings and splits off its password. A password equal to "***" stands for
 * the stored one (`storedSecrets`), so a client may send back what it was shown; `null` removes it.
 * Throws a SettingsProblem naming the field.
 */
export function parseMqttSettings(
  input: Record<string, unknown>,
  storedSecrets: { password?: string } = {},
): ParsedMqttSettings {
  const fail = (m: string): never => {
    throw new SettingsProblem(m);
  };
  const urlProblem = brokerUrlProblem(input.url);
  if (urlProblem) fail(`url: ${urlProblem}`);
  const { username, password, clientId } = input;
  if (username !== undefined && (typeof username !== 'string' || username.length > MQTT_LIMITS.maxUsernameLength)) {
    fail(`username: must be a string of at most ${MQTT_LIMITS.maxUsernameLength} characters`);
  }
  let secret: string | undefined;
  if (password !== undefined && password !== null) {
    if (typeof password !== 'string' || password.length > MQTT_LIMITS.maxPasswordLength) {
      fail(`password: must be a string of at most ${MQTT_LIMITS.maxPasswordLength} characters`);
    }
    secret = password as string;
    if (secret === SECRET_MASK) {
      if (storedSecrets.password === undefined)
        fail(`password: "${SECRET_MASK}" stands for the stored value, and none is stored`);
      secret = storedSecrets.password;
    }
    if (username === undefined) fail('password: needs a username');
  }
  if (
    clientId !== undefined &&
    (typeof clientId !== 'string' || clientId.length > MQTT_LIMITS.maxClientIdLength || !CLIENT_ID.test(clientId))
  ) {
    fail(`clientId: must be 1 to ${MQTT_LIMITS.maxClientIdLength} letters, digits, _ . : or -`);
  }
  const topics = input.topics;
  if (!Array.isArray(topics) || topics.length === 0) fail('topics: required, a list of topic filters (["aq/+/aqi"])');
  if ((topics as unknown[]).length > MQTT_LIMITS.maxTopics) fail(`topics: at most ${MQTT_LIMITS.maxTopics}`);
  (topics as unknown[]).forEach((t, i) => {
    const problem = topicFilterProblem(t);
    if (problem) fail(`topics[${i}]: ${problem}`);
  });
  if (input.mapping === undefined) fail('mapping: required ({points} or {each?, indicator, scope, ts?, value})');
  const problem = mappingProblem(input.mapping);
  if (problem) fail(problem);

  return {
    settings: {
      url: input.url as string,
      ...(username !== undefined ? { username: username as string } : {}),
      ...(secret !== undefined ? { password: SECRET_MASK } : {}),
      ...(clientId !== undefined ? { clientId: clientId as string } : {}),
      topics: [...new Set(topics as string[])],
      mapping: input.mapping as Record<string, unknown>,
    },
    secrets: secret !== undefined ? { password: secret } : {},
  };
}

/** The MQTT client id of a source: its own, or one made from its id, the same on every worker (so its session is kept). */
export function mqttClientIdOf(source: { id: string; settings: { clientId?: unknown } }, redisPrefix: string): string {
  if (typeof source.settings.clientId === 'string') return source.settings.clientId;
  return `ioc-${redisPrefix}-${source.id.replace(/-/g, '').slice(0, 16)}`.slice(0, MQTT_LIMITS.maxClientIdLength);
}

/** What an MQTT message gives its mapping: the document (the payload) and the bindings `$topic`, `$levels`, `$payload`. */
export function messageInput(topic: string, payload: Buffer): { document: unknown; bindings: Record<string, unknown> } {
  const text = payload.toString('utf8');
  let document: unknown = text;
  try {
    document = JSON.parse(text);
  } catch {
    /* not JSON: the text itself */
  }
  return { document, bindings: { topic, levels: topic.split('/'), payload: document } };
}
