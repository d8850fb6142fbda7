import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelProblem, httpUrlProblem } from './channel-validation.util';
import { renderHttpRequest, SAMPLE_TEMPLATE_VIEW } from './http-template.util';

/** The copy-paste channel examples of docs/alerting.md, each after a `<!-- channel example: name -->` line. */
function docExamples(): [string, unknown][] {
  const doc = readFileSync(join(process.cwd(), 'docs', 'alerting.md'), 'utf8');
  return [...doc.matchAll(/<!-- channel example: (\S+) -->\n```json\n([\s\S]*?)\n```/g)].map((m) => [
    m[1],
    JSON.parse(m[2]),
  ]);
}

describe('the http channel examples in docs/alerting.md', () => {
  const examples = docExamples();

  it('are all there', () => {
    expect(examples.map(([name]) => name)).toEqual(['zalo', 'sms', 'telegram', 'teams', 'teams-messagecard']);
  });

  it.each(examples)('%s is a valid channel that renders to a JSON body, whatever the alert says', (name, channel) => {
    expect(channelProblem(channel, name)).toBeNull();
    const view = {
      ...SAMPLE_TEMPLATE_VIEW,
      reason: 'Thu "ngân sách"\n= 41,2 \\ tỷ',
      wallUrl: 'https://ioc.test/wall?scope=718',
    };
    const req = renderHttpRequest(channel as Parameters<typeof renderHttpRequest>[0], view);
    expect(httpUrlProblem(req.url)).toBeNull();
    const body = JSON.parse(req.body!);
    expect(JSON.stringify(body)).toContain(JSON.stringify(view.reason).slice(1, -1));
  });
});
