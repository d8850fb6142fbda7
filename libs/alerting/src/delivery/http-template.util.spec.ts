import {
  escapeJsonString,
  HTTP_TEMPLATE_FIELDS,
  isJsonContentType,
  renderHttpRequest,
  SAMPLE_TEMPLATE_VIEW,
  templateProblem,
  type HttpTemplateView,
} from './http-template.util';

const view: HttpTemplateView = {
  ...SAMPLE_TEMPLATE_VIEW,
  reason: 'Thu ngân sách (718) = 41,2 tỷ "đồng"\ndòng 2 \\ <b>&',
  scope: '718',
  value: '41.2',
  deliveryId: 'a1.firing.transition.0',
};

describe('http channel templates', () => {
  it('keeps a JSON body valid whatever a field holds, when Content-Type is JSON', () => {
    const req = renderHttpRequest(
      {
        method: 'POST',
        url: 'https://x.vn/send',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"text": "{{reason}}", "v": {{value}}, "raw": "{{{scope}}}"}',
      },
      view,
    );
    expect(JSON.parse(req.body!)).toEqual({ text: view.reason, v: 41.2, raw: '718' });
  });

  it('does not escape a non-JSON body (no HTML escaping: not a web page)', () => {
    const req = renderHttpRequest(
      { method: 'PUT', url: 'https://x.vn/send', headers: { 'Content-Type': 'text/plain' }, body: 'R: {{reason}}' },
      view,
    );
    expect(req.body).toBe(`R: ${view.reason}`);
    expect(req.method).toBe('PUT');
  });

  it('escapes fields in the URL as URL components and sends no body with GET', () => {
    const req = renderHttpRequest(
      { method: 'GET', url: 'https://sms.vn/send?to=0901&text={{reason}}&id={{deliveryId}}', body: 'ignored' },
      view,
    );
    expect(req.body).toBeUndefined();
    const u = new URL(req.url);
    expect(u.searchParams.get('text')).toBe(view.reason);
    expect(u.searchParams.get('id')).toBe(view.deliveryId);
    expect(u.host).toBe('sms.vn');
  });

  it('renders header values on one line', () => {
    const req = renderHttpRequest(
      { method: 'POST', url: 'https://x.vn', headers: { 'X-Key': '{{deliveryId}}', 'X-R': '{{reason}}' }, body: '' },
      view,
    );
    expect(req.headers['X-Key']).toBe('a1.firing.transition.0');
    expect(req.headers['X-R']).not.toMatch(/[\r\n]/);
  });

  it('escapes for a JSON string without quotes, including control and line-separator characters', () => {
    expect(escapeJsonString('a"b\\c\n\t\u0001\u2028')).toBe('a\\"b\\\\c\\n\\t\\u0001\\u2028');
    expect(JSON.parse(`"${escapeJsonString('x\u2029"y')}"`)).toBe('x\u2029"y');
  });

  it('knows JSON content types', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/vnd.api+json')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });

  it('reports templates that do not parse', () => {
    expect(templateProblem('{{reason}}')).toBeNull();
    expect(templateProblem('{{#a}}x')).toMatch(/^not a valid mustache template: Unclosed section "a"/);
    expect(HTTP_TEMPLATE_FIELDS).toEqual(
      expect.arrayContaining(['indicator', 'scopeName', 'firedAt', 'acknowledgedBy']),
    );
  });
});
