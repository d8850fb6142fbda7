import { alertIn, alertLang, type LiveAlert } from './alert.type';

describe('alertLang', () => {
  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5, vi;q=0.8', 'vi'],
    ['fr, de', 'vi'],
    ['vi-VN', 'vi'],
    ['en;q=0, vi;q=0.1', 'vi'],
    ['EN', 'en'],
  ])('%s → %s', (header, lang) => expect(alertLang(header)).toBe(lang));
});

it('alertIn keeps every field and picks the reason of the language', () => {
  const live = { id: '1', state: 'firing', reasons: { vi: 'xin chào', en: 'hello' } } as unknown as LiveAlert;
  expect(alertIn(live, 'en')).toEqual({ id: '1', state: 'firing', reason: 'hello' });
  expect(alertIn(live, 'vi')).toEqual({ id: '1', state: 'firing', reason: 'xin chào' });
});
