import { parseWallParams } from './wall-params.util';

describe('parseWallParams', () => {
  it('reads scope, domains, lang, rotate and map', () => {
    expect(parseWallParams('?scope=718&domains=finance,%20health,&lang=en&rotate=20&map=env.aqi')).toEqual({
      scope: '718',
      domains: ['finance', 'health'],
      lang: 'en',
      rotateSeconds: 20,
      mapIndicator: 'env.aqi',
      sound: true,
    });
  });
  it('defaults to the key root scope, every domain, Vietnamese, no rotation', () => {
    expect(parseWallParams('')).toEqual({
      scope: null,
      domains: [],
      lang: 'vi',
      rotateSeconds: 0,
      mapIndicator: null,
      sound: true,
    });
    expect(parseWallParams('?sound=0').sound).toBe(false);
  });
  it('treats a bad or zero rotate as off and keeps a page up at least 5 s', () => {
    expect(parseWallParams('?rotate=abc').rotateSeconds).toBe(0);
    expect(parseWallParams('?rotate=0').rotateSeconds).toBe(0);
    expect(parseWallParams('?rotate=-3').rotateSeconds).toBe(0);
    expect(parseWallParams('?rotate=1').rotateSeconds).toBe(5);
  });
  it('knows only vi and en', () => {
    expect(parseWallParams('?lang=fr').lang).toBe('vi');
    expect(parseWallParams('?lang=en-GB').lang).toBe('en');
  });
});
