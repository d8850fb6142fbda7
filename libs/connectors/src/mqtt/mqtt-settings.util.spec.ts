import { SECRET_MASK } from '@app/contracts';
import { compileMapping } from '../mapping/source-mapping.util';
import {
  brokerUrlProblem,
  messageInput,
  mqttClientIdOf,
  parseMqttSettings,
  topicFilterProblem,
} from './mqtt-settings.util';

const mapping = { indicator: '=env.aqi', scope: '$levels[1]', value: 'aqi' };

describe('MQTT settings', () => {
  it.each([
    ['mqtt://broker.example.gov.vn:1883', null],
    ['mqtts://broker.example.gov.vn', null],
    ['http://broker.example.gov.vn', 'must be an mqtt:// or mqtts:// URL'],
    ['mqtt://u:p@broker.example.gov.vn', expect.stringMatching(/^must not carry user:password@/)],
    ['mqtt://broker.example.gov.vn/x', 'must be mqtt(s)://host[:port] only'],
    ['nonsense', 'must be an mqtt:// or mqtts:// URL'],
  ])('broker URL %s', (url, problem) => {
    expect(brokerUrlProblem(url)).toEqual(problem);
  });

  it.each([
    ['aq/+/aqi', null],
    ['aq/#', null],
    ['#', null],
    ['+/+', null],
    ['aq/#/x', expect.stringMatching(/# must be a whole level and the last one/)],
    ['aq/x#', expect.stringMatching(/# must be a whole level/)],
    ['aq/x+/y', expect.stringMatching(/\+ must be a whole level/)],
    ['', 'must be a non-empty topic filter'],
    ['$share/g/aq/#', expect.stringMatching(/^shared subscriptions/)],
  ])('topic filter %j', (topic, problem) => {
    expect(topicFilterProblem(topic)).toEqual(problem);
  });

  it('splits off the password, shows it masked, and "***" keeps the stored one', () => {
    const input = {
      url: 'mqtt://b:1883',
      username: 'ioc',
      password: 's3cr3t',
      topics: ['aq/+/aqi', 'aq/+/aqi'],
      mapping,
    };
    expect(parseMqttSettings(input)).toEqual({
      settings: { url: 'mqtt://b:1883', username: 'ioc', password: SECRET_MASK, topics: ['aq/+/aqi'], mapping },
      secrets: { password: 's3cr3t' },
    });
    expect(parseMqttSettings({ ...input, password: SECRET_MASK }, { password: 'old' }).secrets).toEqual({
      password: 'old',
    });
    expect(() => parseMqttSettings({ ...input, password: SECRET_MASK })).toThrow(/none is stored/);
    expect(parseMqttSettings({ ...input, password: null }).secrets).toEqual({});
  });

  it('refuses bad topics and mappings naming the field', () => {
    expect(() => parseMqttSettings({ url: 'mqtt://b', topics: ['a/#/b'], mapping })).toThrow(/^topics\[0\]: /);
    expect(() => parseMqttSettings({ url: 'mqtt://b', topics: 'a/b', mapping })).toThrow(/^topics: required/);
    expect(() => parseMqttSettings({ url: 'mqtt://b', topics: ['a'], mapping: { points: '[' } })).toThrow(
      /^mapping\.points: does not parse as JSONata/,
    );
  });

  it('a client id the same on every worker', () => {
    const id = '5f0c2d0e-8a55-4a59-9a43-5d0b3a0e7f21';
    expect(mqttClientIdOf({ id, settings: {} }, 'ioc')).toBe('ioc-ioc-5f0c2d0e8a554a59');
    expect(mqttClientIdOf({ id, settings: { clientId: 'mine' } }, 'ioc')).toBe('mine');
  });
});

describe('MQTT messages through a mapping', () => {
  it('JSON payloads, plain numbers, $topic and $levels', async () => {
    const m = compileMapping({
      indicator: '=env.aqi',
      scope: '$levels[1]',
      ts: '$receivedAt',
      value: "$type($payload) = 'number' ? $payload : aqi",
    });
    const run = async (topic: string, payload: string) => {
      const { document, bindings } = messageInput(topic, Buffer.from(payload));
      return m.map(document, 1000, { ...bindings, receivedAt: 1000 });
    };
    expect((await run('aq/D1/aqi', '{"aqi": 51}')).points).toEqual([
      { index: 0, point: { indicator: 'env.aqi', scope: 'D1', ts: 1000, value: 51 } },
    ]);
    expect((await run('aq/D2/aqi', '37.5')).points[0].point).toMatchObject({ scope: 'D2', value: 37.5 });
    expect((await run('aq/D2/aqi', 'not json')).failed).toEqual([
      { index: 0, reason: 'mapping.value gave nothing for this item' },
    ]);
    const topicOnly = compileMapping({ indicator: '=env.aqi', scope: "$split($topic, '/')[1]", value: 'aqi' });
    const { document, bindings } = messageInput('aq/C1/aqi', Buffer.from('{"aqi": 3}'));
    expect((await topicOnly.map(document, 1, bindings)).points[0].point).toMatchObject({ scope: 'C1', value: 3 });
  });
});
