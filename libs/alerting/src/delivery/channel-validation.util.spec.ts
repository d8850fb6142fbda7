import { channelProblem, httpUrlProblem } from './channel-validation.util';

const http = (over: Record<string, unknown> = {}) => ({
  type: 'http',
  method: 'POST',
  url: 'https://sms.example.vn/api/send',
  headers: { 'Content-Type': 'application/json' },
  body: '{"text": "{{reason}}"}',
  ...over,
});

describe('channelProblem', () => {
  it('accepts the three kinds of channel', () => {
    expect(channelProblem({ type: 'webhook', url: 'https://hooks.example.vn/ioc' }, 'channels[0]')).toBeNull();
    expect(
      channelProblem({ type: 'webhook', url: 'http://10.0.0.5:8080/x', secret: 's3cret', lang: 'en' }, 'c'),
    ).toBeNull();
    expect(channelProblem({ type: 'email', to: 'truc.ban@hanoi.gov.vn' }, 'c')).toBeNull();
    expect(channelProblem({ type: 'email', to: 'ops@mailhost', lang: 'vi' }, 'c')).toBeNull();
    expect(channelProblem(http(), 'c')).toBeNull();
    expect(
      channelProblem(http({ method: 'GET', url: 'https://x.vn/send?text={{reason}}', headers: undefined }), 'c'),
    ).toBeNull();
  });

  it('names the field and what it expects', () => {
    expect(channelProblem({ type: 'webhook', url: 'ftp://x' }, 'channels[0]')).toBe(
      'channels[0].url: must be an http:// or https:// URL',
    );
    expect(channelProblem({ type: 'webhook', url: 'not a url' }, 'channels[1]')).toBe(
      'channels[1].url: must be an http:// or https:// URL',
    );
    expect(channelProblem({ type: 'webhook', url: 'https://a:b@x.vn/' }, 'c')).toMatch(
      /^c\.url: must not carry user:password/,
    );
    expect(channelProblem({ type: 'webhook', url: 'https://x.vn', secret: 42 }, 'c')).toBe(
      'c.secret: must be a non-empty string',
    );
    expect(channelProblem({ type: 'sms', to: '0901' }, 'channels[2]')).toBe(
      'channels[2].type: must be webhook, email or http',
    );
    expect(channelProblem(null, 'channels[3]')).toBe(
      'channels[3]: must be an object with a type (webhook, email or http)',
    );
    expect(channelProblem(['webhook'], 'c')).toMatch(/^c: must be an object/);
  });

  it('refuses unknown fields, so a typo is not silently ignored', () => {
    expect(channelProblem({ type: 'webhook', url: 'https://x.vn', secert: 'x' }, 'c')).toBe(
      'c.secert: unknown field (a webhook channel takes url, secret, lang)',
    );
  });

  it('checks e-mail addresses and languages', () => {
    for (const to of ['', 'ops', 'a@', '@b.vn', 'a b@c.vn', 'a@b.vn, c@d.vn', 'Ops <ops@x.vn>', 42]) {
      expect(channelProblem({ type: 'email', to }, 'c')).toMatch(/^c\.to: must be an e-mail address/);
    }
    expect(channelProblem({ type: 'email', to: 'a@b.vn', lang: 'fr' }, 'c')).toBe('c.lang: must be vi or en');
  });

  it('checks an http channel: method, url, headers and body template', () => {
    expect(channelProblem(http({ method: 'DELETE' }), 'c')).toBe('c.method: must be one of GET, POST, PUT, PATCH');
    expect(channelProblem(http({ method: 'post' }), 'c')).toBe('c.method: must be one of GET, POST, PUT, PATCH');
    expect(channelProblem(http({ url: 'file:///etc/passwd' }), 'c')).toMatch(
      /^c\.url: must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(channelProblem(http({ url: 'https://{{scope}}.x.vn/' }), 'c')).toMatch(/not its host/);
    expect(channelProblem(http({ headers: ['a'] }), 'c')).toBe(
      'c.headers: must be an object of header names to string values',
    );
    expect(channelProblem(http({ headers: { 'X-N': 1 } }), 'c')).toBe('c.headers.X-N: must be a string');
    expect(channelProblem(http({ headers: { 'Bad Name': 'x' } }), 'c')).toBe(
      'c.headers: "Bad Name" is not a valid header name',
    );
    expect(channelProblem(http({ headers: { 'X-A': 'a\r\nX-Injected: 1' } }), 'c')).toMatch(
      /^c\.headers\.X-A: must be one line/,
    );
    expect(channelProblem(http({ headers: { 'X-IOC-Delivery': 'x' } }), 'c')).toMatch(/set by the delivery itself/);
    expect(channelProblem(http({ body: 42 }), 'c')).toBe('c.body: must be a string (a mustache template)');
    expect(channelProblem(http({ body: '{{#reason}} never closed' }), 'c')).toMatch(
      /^c\.body: not a valid mustache template: Unclosed section "reason"/,
    );
    expect(channelProblem(http({ body: '{{reason' }), 'c')).toMatch(
      /^c\.body: not a valid mustache template: Unclosed tag/,
    );
    expect(channelProblem(http({ body: 'x'.repeat(10_001) }), 'c')).toBe(
      'c.body: must be at most 10000 characters (it has 10001)',
    );
    expect(channelProblem(http({ body: 'x'.repeat(10_000) }), 'c')).toBeNull();
  });
});

describe('httpUrlProblem', () => {
  it('accepts http and https only', () => {
    expect(httpUrlProblem('https://x.vn/a?b=1')).toBeNull();
    expect(httpUrlProblem('http://127.0.0.1:9/')).toBeNull();
    expect(httpUrlProblem('javascript:alert(1)')).not.toBeNull();
    expect(httpUrlProblem(undefined)).not.toBeNull();
    expect(httpUrlProblem(`https://x.vn/${'a'.repeat(2000)}`)).toBe('must be at most 2000 characters');
  });
});
