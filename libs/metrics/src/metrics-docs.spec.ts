import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Every `name: 'ioc_...'` line given to Metrics in the libraries' sources (tests and comments left out). */
function metricsInCode(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^\s*name: '(ioc_[a-z0-9_]+)'/gm)) names.add(m[1]);
      }
    }
  };
  walk(resolve('libs'));
  return names;
}

/** The metrics of the table in docs/operations.md's "Metrics" section. */
function metricsInDocs(): Set<string> {
  const doc = readFileSync(resolve('docs/operations.md'), 'utf8');
  const start = doc.indexOf('## Metrics');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  return new Set([...section.matchAll(/^\| `(ioc_[a-z0-9_]+)` \|/gm)].map((m) => m[1]));
}

/** The `ioc_` metrics the Grafana dashboard's queries use (histogram series by their metric's name). */
function metricsInDashboard(): Set<string> {
  const text = readFileSync(resolve('docs/grafana-dashboard.json'), 'utf8');
  return new Set([...text.matchAll(/\b(ioc_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, '')));
}

describe('the metrics in the code, docs/operations.md and the Grafana dashboard agree', () => {
  it('every metric the code makes is documented, and nothing else', () => {
    expect([...metricsInDocs()].sort()).toEqual([...metricsInCode()].sort());
  });

  it('the dashboard shows only metrics the code makes, and every panel uses the chosen data source', () => {
    const code = metricsInCode();
    expect([...metricsInDashboard()].filter((m) => !code.has(m))).toEqual([]);
    const dashboard = JSON.parse(readFileSync(resolve('docs/grafana-dashboard.json'), 'utf8')) as {
      panels: { type: string; title: string; datasource?: { uid: string } }[];
    };
    for (const p of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect({ panel: p.title, uid: p.datasource?.uid }).toEqual({ panel: p.title, uid: '${datasource}' });
    }
  });
});
