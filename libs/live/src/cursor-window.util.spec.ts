import { canResume, type StreamWindow } from './cursor-window.util';
import { compareIds } from './live-stream.util';

const trimmed: StreamWindow = { length: 3, entriesAdded: 10, firstId: '100-0', lastGeneratedId: '300-1' };

describe('canResume', () => {
  it('resumes inside the window', () => {
    expect(canResume('100-0', trimmed)).toBe(true);
    expect(canResume('250-5', trimmed)).toBe(true);
    expect(canResume('300-1', trimmed)).toBe(true);
  });
  it('refuses cursors before the window, from the future, or garbage', () => {
    expect(canResume('99-9', trimmed)).toBe(false);
    expect(canResume('300-2', trimmed)).toBe(false);
    expect(canResume('abc', trimmed)).toBe(false);
    expect(canResume('', trimmed)).toBe(false);
  });
  it('resumes from anywhere when nothing was ever trimmed', () => {
    expect(canResume('0-0', { length: 2, entriesAdded: 2, firstId: '5-0', lastGeneratedId: '6-0' })).toBe(true);
    expect(canResume('0-0', { length: 0, entriesAdded: 0, firstId: null, lastGeneratedId: '0-0' })).toBe(true);
  });
  it('compares ids numerically, not as text', () => {
    expect(compareIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareIds('10-10', '10-10')).toBe(0);
  });
});
