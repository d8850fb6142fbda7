import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, ENV_NAMES } from './app-config';
import { CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE, loadConfig } from './load-config';

/** The three places that state the defaults: AppConfig, config/defaults.env and README.md's table. */
const codeDefaults = new AppConfig();
const names = Object.entries(ENV_NAMES) as [keyof AppConfig, string][];

/** `NAME=value` lines of the defaults file, active or commented out, with the line above each. */
function fileSettings(): Map<string, { value: string; active: boolean; above: string }> {
  const lines = readFileSync(resolve(DEFAULT_CONFIG_FILE), 'utf8').split('\n');
  const found = new Map<string, { value: string; active: boolean; above: string }>();
  lines.forEach((line, i) => {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) found.set(m[2], { value: m[3], active: !m[1], above: lines[i - 1] ?? '' });
  });
  return found;
}

/** `| \`NAME\` | default | meaning |` rows of README.md's configuration table. */
function readmeDefaults(): Map<string, string> {
  const readme = readFileSync(resolve('README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
  );
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]+) \|/gm)) rows.set(m[1], m[2].trim());
  return rows;
}

/** A value as the setting reads it from the environment (`1` → true, `3000` → 3000). */
const typed = (key: keyof AppConfig, name: string, value: string) =>
  loadConfig({ [name]: value }, {}, { cwd: '/nonexistent' })[key];

describe('the defaults in the code, config/defaults.env and README.md agree', () => {
  const file = fileSettings();
  const readme = readmeDefaults();

  it('the file and the README list exactly the settings of ENV_NAMES (the README also IOC_CONFIG_FILE)', () => {
    expect([...file.keys()].sort()).toEqual(names.map(([, n]) => n).sort());
    expect([...readme.keys()].sort()).toEqual([...names.map(([, n]) => n), CONFIG_FILE_ENV].sort());
  });

  it('each setting in the file has a comment line above it', () => {
    for (const [name, s] of file) {
      expect({ name, above: s.above }).toEqual({ name, above: expect.stringMatching(/^#(?!\s*[A-Z][A-Z0-9_]*=)/) });
    }
  });

  it.each(names)('%s (%s): same default everywhere', (key, name) => {
    const inFile = file.get(name)!;
    const inReadme = readme.get(name)!;
    if (codeDefaults[key] === undefined) {
      // Unset by default: commented out in the file, "unset" in the README.
      expect({ name, active: inFile.active }).toEqual({ name, active: false });
      expect(inReadme).toMatch(/^unset\b/);
    } else {
      expect({ name, active: inFile.active }).toEqual({ name, active: true });
      expect(typed(key, name, inFile.value)).toEqual(codeDefaults[key]);
      const m = /^`([^`]+)`$/.exec(inReadme);
      expect({ name, readme: inReadme, matches: !!m }).toEqual({ name, readme: inReadme, matches: true });
      expect(typed(key, name, m![1])).toEqual(codeDefaults[key]);
    }
  });

  it('loading the file gives exactly the code defaults', () => {
    expect({ ...loadConfig({}, {}, { cwd: resolve('.') }) }).toEqual({
      ...loadConfig({}, {}, { cwd: '/nonexistent' }),
    });
  });
});
