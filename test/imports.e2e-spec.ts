import ExcelJS from 'exceljs';
import { api, createKey, seedCatalogue } from './support/api';
import { type RunningService, startService } from './support/service';
import { waitFor } from './support/wait';

/** Epoch ms of a Vietnam wall-clock time `days` ago at hh:mm, and that day as dd/mm/yyyy. */
function vnDay(daysAgo: number, hh = 0, mm = 0): { ms: number; dmy: string; ymd: string } {
  const local = new Date(Date.now() + 7 * 3_600_000 - daysAgo * 86_400_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    ms: Date.UTC(y, m - 1, d, hh, mm) - 7 * 3_600_000,
    dmy: `${pad(d)}/${pad(m)}/${y}`,
    ymd: `${y}-${pad(m)}-${pad(d)}`,
  };
}

describe('file imports, saved mappings, NGSI-v2', () => {
  let svc: RunningService;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    svc = await startService();
    admin = api(svc, svc.adminKey);
    await seedCatalogue(svc);
    const r = await admin.post('/api/v1/indicators', { code: 'env.no2', domain: 'env', name: 'NO₂', unit: 'µg/m³' });
    expect(r.status).toBe(201);
  });
  afterAll(() => svc?.cleanup());

  /** POSTs a multipart import as a browser or curl -F would. */
  async function upload(key: string, fileName: string, content: string | Uint8Array, mapping: unknown) {
    const form = new FormData();
    form.append('mapping', typeof mapping === 'string' ? mapping : JSON.stringify(mapping));
    form.append('file', new Blob([content]), fileName);
    const res = await fetch(`${svc.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function finished(id: string, key = svc.adminKey) {
    let last: any;
    await waitFor(
      async () => {
        last = (await api(svc, key).get(`/api/v1/imports/${id}`)).body;
        return last.state !== 'running';
      },
      { timeoutMs: 20_000, message: () => `import still running: ${JSON.stringify(last)}` },
    );
    return last;
  }

  async function importFile(fileName: string, content: string | Uint8Array, mapping: unknown, key = svc.adminKey) {
    const r = await upload(key, fileName, content, mapping);
    expect({ status: r.status, body: r.body }).toEqual({ status: 202, body: { id: expect.any(String) } });
    return finished(r.body.id, key);
  }

  const range = async (indicator: string, scope: string, from: number, to: number) =>
    (await admin.get(`/api/v1/series/${indicator}/${scope}/range?from=${from}&to=${to}`)).body.points as {
      ts: number;
      value: number;
    }[];

  const d1 = vnDay(3);
  const d2 = vnDay(2, 14, 30);
  const csvMapping = { indicator: 'Mã chỉ tiêu', scope: 'Đơn vị', ts: 'Ngày báo cáo', value: 'Giá trị' };
  const csv =
    '\uFEFFMã chỉ tiêu;Đơn vị;Ngày báo cáo;Giá trị\r\n' +
    `finance.revenue;D1;${d1.dmy};1.234,5\r\n` +
    `finance.revenue;D1;${d2.dmy} 14:30;12,5\r\n` +
    `finance.revenue;D2;32/13/2026;5\r\n` +
    `finance.revenue;D2;${d1.dmy};abc\r\n` +
    `nope.x;D2;${d1.dmy};1\r\n` +
    `finance.revenue;ZZ;${d1.dmy};1\r\n` +
    `finance.revenue;;${d1.dmy};1\r\n` +
    '\r\n' +
    `"finance.spend";"D2";"${d1.ymd}";"7"\r\n`;

  it('imports a CSV with a BOM, ";" separators, Vietnamese headers and dd/mm/yyyy dates; bad rows are listed, good ones kept', async () => {
    const run = await importFile('báo cáo tháng.csv', csv, csvMapping);
    expect(run).toMatchObject({
      state: 'done',
      format: 'csv',
      fileName: 'báo cáo tháng.csv',
      rows: 8,
      accepted: 3,
      rejectedCount: 5,
    });
    expect(run.finishedAt).toBeGreaterThanOrEqual(run.startedAt);
    expect(run.rejected.map((r: any) => r.line)).toEqual([4, 5, 6, 7, 8]);
    const [badDate, badNumber, unknownIndicator, unknownScope, emptyScope] = run.rejected.map((r: any) => r.reason);
    expect(badDate).toMatch(/^ts: "32\/13\/2026" is not a real date .*column "Ngày báo cáo"/);
    expect(badNumber).toMatch(/^value: "abc" is not a number/);
    expect(unknownIndicator).toMatch(/unknown indicator "nope.x"/);
    expect(unknownScope).toMatch(/unknown scope "ZZ"/);
    expect(emptyScope).toMatch(/scope: column "Đơn vị" is empty/);
    await waitFor(async () => (await range('finance.revenue', 'D1', d1.ms, d2.ms)).length === 2);
    expect(await range('finance.revenue', 'D1', d1.ms, d2.ms)).toEqual([
      { ts: d1.ms, value: 1234.5 },
      { ts: d2.ms, value: 12.5 },
    ]);
    await waitFor(async () => (await admin.get('/api/v1/series/finance.spend/D2/latest')).status === 200);
    expect((await admin.get('/api/v1/series/finance.spend/D2/latest')).body).toMatchObject({ ts: d1.ms, value: 7 });
  });

  it('the same file twice changes nothing', async () => {
    const run = await importFile('báo cáo tháng.csv', csv, csvMapping);
    expect(run).toMatchObject({ state: 'done', rows: 8, accepted: 3, rejectedCount: 5 });
    // The second import's points are queued; once a later point is readable, the earlier ones are written.
    await admin.post('/api/v1/ingest', {
      points: [{ indicator: 'finance.revenue', scope: 'C1', ts: d1.ms, value: 1 }],
    });
    await waitFor(async () => (await admin.get('/api/v1/series/finance.revenue/C1/latest')).status === 200);
    expect(await range('finance.revenue', 'D1', d1.ms - 86_400_000, d2.ms + 86_400_000)).toEqual([
      { ts: d1.ms, value: 1234.5 },
      { ts: d2.ms, value: 12.5 },
    ]);
  });

  it('imports an XLSX sheet made with exceljs: date cells, serial numbers, title rows above the header', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Ghi chú').addRow(['không phải bảng số liệu']);
    const ws = wb.addWorksheet('Số liệu AQI');
    ws.addRow(['BÁO CÁO CHẤT LƯỢNG KHÔNG KHÍ']);
    ws.addRow([]);
    ws.addRow(['Đơn vị', 'Thời điểm', 'Chỉ số AQI']);
    const at = vnDay(4, 8, 15);
    const shown = new Date(at.ms + 7 * 3_600_000); // a date cell holds the wall-clock time as UTC
    ws.addRow(['D1', shown, 87]).getCell(2).numFmt = 'dd/mm/yyyy hh:mm';
    const serial = (at.ms + 7 * 3_600_000) / 86_400_000 + 25_569 + 1 / 24; // an hour later, as a plain number
    ws.addRow(['D1', serial, 91]);
    ws.addRow(['D2', `${at.dmy} 08:15`, '95,5']);
    ws.addRow(['D2', 'không rõ', 1]);
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const run = await importFile('aqi.xlsx', file, {
      indicator: '=env.aqi',
      scope: 'Đơn vị',
      ts: 'Thời điểm',
      value: 'Chỉ số AQI',
      sheet: 'Số liệu AQI',
      headerRow: 3,
    });
    expect(run).toMatchObject({ state: 'done', format: 'xlsx', rows: 4, accepted: 3, rejectedCount: 1 });
    expect(run.rejected).toEqual([{ line: 7, reason: expect.stringMatching(/^ts: "không rõ" is not a date/) }]);
    await waitFor(async () => (await range('env.aqi', 'D1', at.ms, at.ms + 3_600_000)).length === 2);
    expect(await range('env.aqi', 'D1', at.ms, at.ms + 3_600_000)).toEqual([
      { ts: at.ms, value: 87 },
      { ts: at.ms + 3_600_000, value: 91 },
    ]);
    await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/D2/latest')).status === 200);
    expect((await admin.get('/api/v1/series/env.aqi/D2/latest')).body).toMatchObject({ ts: at.ms, value: 95.5 });
  });

  it('refuses a file that is not what its name says, with a reason', async () => {
    const asXlsx = await upload(svc.adminKey, 'data.xlsx', 'a,b\n1,2\n', csvMapping);
    expect(asXlsx.status).toBe(400);
    expect(asXlsx.body.message).toMatch(/"data.xlsx" is not an XLSX workbook/);
    const zip = new Uint8Array(await new ExcelJS.Workbook().xlsx.writeBuffer());
    const asCsv = await upload(svc.adminKey, 'data.csv', zip, csvMapping);
    expect(asCsv.status).toBe(400);
    expect(asCsv.body.message).toMatch(/ZIP archive.*not what its name says/);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const image = await upload(svc.adminKey, 'anh.csv', png, csvMapping);
    expect(image.status).toBe(400);
    expect(image.body.message).toMatch(/not a text file/);
  });

  it('fails a truncated XLSX with a reason', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['scope', 'ts', 'value']);
    for (let i = 0; i < 2000; i++) ws.addRow(['D1', vnDay(5).ymd, i]);
    const full = new Uint8Array(await wb.xlsx.writeBuffer());
    const run = await importFile('cut.xlsx', full.subarray(0, Math.floor(full.length * 0.6)), {
      indicator: '=finance.spend',
      ts: 'ts',
      value: 'value',
    });
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/XLSX workbook cannot be read.*truncated or damaged/);
  });

  it('fails a CSV with one enormous line with a reason, and the service keeps answering', async () => {
    const huge = 'scope,ts,value\n' + 'x,'.repeat(5_000_000) + '\nD1,' + d1.ymd + ',1\n';
    const r = await upload(svc.adminKey, 'huge.csv', huge, { indicator: '=finance.spend', ts: 'ts', value: 'value' });
    expect(r.status).toBe(202);
    expect((await fetch(`${svc.baseUrl}/health`)).status).toBe(200);
    const run = await finished(r.body.id);
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/a row at line 2 is longer than 1,000,000 characters/);
  });

  it('mapping errors: bad JSON, nothing to map, unknown constants (400); a missing column fails the import naming it', async () => {
    const bad = await upload(svc.adminKey, 'a.csv', csv, '{"value": ');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^mapping: not valid JSON/);
    const noValue = await upload(svc.adminKey, 'a.csv', csv, { ts: 'Ngày báo cáo' });
    expect(noValue.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/mapping.value: required/) });
    const noTime = await upload(svc.adminKey, 'a.csv', csv, { value: 'Giá trị' });
    expect(noTime.body.message).toMatch(/give ts .* or period/);
    const constant = await upload(svc.adminKey, 'a.csv', csv, { ...csvMapping, indicator: '=khong.co' });
    expect(constant.body.message).toMatch(/mapping.indicator: "=khong.co" names no indicator/);
    const typo = await upload(svc.adminKey, 'a.csv', csv, { ...csvMapping, valeu: 'x' });
    expect(typo.body.message).toMatch(/unknown field "valeu"/);
    const unsaved = await upload(svc.adminKey, 'a.csv', csv, 'khong-co-ten-nay');
    expect(unsaved.body.message).toMatch(/no saved mapping named "khong-co-ten-nay"/);
    const noFile = await fetch(`${svc.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${svc.adminKey}` },
      body: (() => {
        const f = new FormData();
        f.append('mapping', JSON.stringify(csvMapping));
        return f;
      })(),
    });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as any).message).toMatch(/file: missing/);
    const json = await admin.post('/api/v1/imports', { file: 'x' });
    expect(json.status).toBe(415);

    const run = await importFile('a.csv', csv, { ...csvMapping, value: 'Số tiền' });
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(
      /mapping.value "Số tiền": no such column in the header row \(it has "Mã chỉ tiêu", "Đơn vị", "Ngày báo cáo", "Giá trị"\)/,
    );
    expect(run.rows).toBe(0);
  });

  it('saves mappings by name, checks them, and imports with one', async () => {
    const saved = await admin.post('/api/v1/mappings', { name: 'bao-cao-thang', kind: 'import', mapping: csvMapping });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'bao-cao-thang', kind: 'import', mapping: csvMapping });
    expect(
      (await admin.post('/api/v1/mappings', { name: 'bao-cao-thang', kind: 'import', mapping: csvMapping })).status,
    ).toBe(409);
    const invalid = await admin.post('/api/v1/mappings', {
      name: 'x',
      kind: 'import',
      mapping: { value: 'v', ts: 't', scope: '=nowhere' },
    });
    expect(invalid.body).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/mapping.scope: "=nowhere" names no scope/),
    });
    const badKind = await admin.post('/api/v1/mappings', { name: 'x', kind: 'sql', mapping: {} });
    expect(badKind.body.message).toMatch(/kind: must be one of import, ngsi/);
    const badNgsi = await admin.post('/api/v1/mappings', {
      name: 'x',
      kind: 'ngsi',
      mapping: { entityType: 'AirQualityObserved', scope: { fromId: 'no-group' }, attributes: { NO2: 'env.no2' } },
    });
    expect(badNgsi.body.message).toMatch(/fromId: needs a capture group/);
    const notJson = await api(svc, svc.adminKey).postRaw('/api/v1/mappings', '{"name":');
    expect(notJson.status).toBe(400);
    expect((await admin.get('/api/v1/mappings')).body.mappings.map((m: any) => m.name)).toEqual(['bao-cao-thang']);
    expect((await admin.get('/api/v1/mappings/bao-cao-thang')).body.mapping).toEqual(csvMapping);

    const run = await importFile('b.csv', csv, 'bao-cao-thang');
    expect(run).toMatchObject({ state: 'done', rows: 8, accepted: 3 });

    const ingestKey = await createKey(svc, 'ingest');
    expect((await api(svc, ingestKey).get('/api/v1/mappings')).status).toBe(403);
    expect((await admin.delete('/api/v1/mappings/bao-cao-thang')).status).toBe(204);
    expect((await admin.get('/api/v1/mappings/bao-cao-thang')).status).toBe(404);
  });

  it('an ingest key imports only inside its scopes and sees only its own imports; a viewer may not import', async () => {
    const d2Key = await createKey(svc, 'ingest', ['D2']);
    const text = `scope,ts,value\nD2,${d1.ymd},5\nD1,${d1.ymd},6\nP,${d1.ymd},7\n`;
    const run = await importFile('scopes.csv', text, { indicator: '=finance.spend', ts: 'ts', value: 'value' }, d2Key);
    expect(run).toMatchObject({ state: 'done', rows: 3, accepted: 1, rejectedCount: 2 });
    expect(run.rejected).toEqual([
      { line: 3, reason: 'scope: "D1" is not allowed for this key' },
      { line: 4, reason: 'scope: "P" is not allowed for this key' },
    ]);
    const other = await createKey(svc, 'ingest');
    expect((await api(svc, other).get(`/api/v1/imports/${run.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/imports/${run.id}`)).status).toBe(200);
    const viewer = await createKey(svc, 'viewer');
    expect(
      (await upload(viewer, 'v.csv', text, { indicator: '=finance.spend', ts: 'ts', value: 'value' })).status,
    ).toBe(403);
  });

  describe('NGSI-v2 notifications', () => {
    const observed = vnDay(1, 9, 0);
    const iso = new Date(observed.ms).toISOString();
    beforeAll(async () => {
      const r = await admin.post('/api/v1/mappings', {
        name: 'air-quality',
        kind: 'ngsi',
        mapping: {
          entityType: 'AirQualityObserved',
          scope: { attr: 'refDistrict', pattern: ':(\\w+)$' },
          attributes: { NO2: 'env.no2', aqi: 'env.aqi' },
        },
      });
      expect(r.status).toBe(201);
      const kv = await admin.post('/api/v1/mappings', {
        name: 'traffic',
        kind: 'ngsi',
        mapping: {
          entityType: 'TrafficFlowObserved',
          scope: { fromId: '^urn:ngsi-ld:TrafficFlowObserved:(\\w+):' },
          ts: { attr: 'dateObserved' },
          attributes: { intensity: 'env.aqi' },
        },
      });
      expect(kv.status).toBe(201);
      const dup = await admin.post('/api/v1/mappings', {
        name: 'other',
        kind: 'ngsi',
        mapping: { entityType: 'AirQualityObserved', scope: '=P', attributes: { NO2: 'env.no2' } },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toMatch(/"air-quality" already maps entity type "AirQualityObserved"/);
    });

    /** POSTs as Orion does: JSON, its headers, the key from the subscription's httpCustom headers. */
    const notify = (body: unknown, format: 'normalized' | 'keyValues', key = svc.adminKey) =>
      api(svc, key).post('/api/v1/ngsi/notify', body, {
        'Ngsiv2-AttrsFormat': format,
        'Fiware-Service': 'binhduong',
        'Fiware-ServicePath': '/',
      });

    it('maps a normalized notification by entity type; bad attributes and unmapped types are listed', async () => {
      const r = await notify(
        {
          subscriptionId: '6541f2f6a1b2c3d4e5f60718',
          data: [
            {
              id: 'urn:ngsi-ld:AirQualityObserved:D1:001',
              type: 'AirQualityObserved',
              NO2: { type: 'Number', value: 22.5, metadata: { TimeInstant: { type: 'DateTime', value: iso } } },
              aqi: { type: 'Number', value: 'cao', metadata: { TimeInstant: { type: 'DateTime', value: iso } } },
              refDistrict: { type: 'Relationship', value: 'urn:ngsi-ld:District:D1', metadata: {} },
              location: { type: 'geo:json', value: { type: 'Point', coordinates: [106.65, 10.98] }, metadata: {} },
            },
            {
              id: 'urn:ngsi-ld:AirQualityObserved:D2:002',
              type: 'AirQualityObserved',
              NO2: { type: 'Number', value: 30, metadata: { dateModified: { type: 'DateTime', value: iso } } },
              refDistrict: { type: 'Relationship', value: 'urn:ngsi-ld:District:D2', metadata: {} },
            },
            {
              id: 'urn:ngsi-ld:WaterQualityObserved:1',
              type: 'WaterQualityObserved',
              pH: { type: 'Number', value: 7, metadata: {} },
            },
          ],
        },
        'normalized',
      );
      expect(r.status).toBe(202);
      expect(r.body.accepted).toBe(2);
      expect(r.body.rejected).toEqual([
        { index: 0, reason: expect.stringMatching(/^aqi: value: must be a finite JSON number/) },
        { index: 2, reason: expect.stringMatching(/no saved ngsi mapping for entity type "WaterQualityObserved"/) },
      ]);
      await waitFor(async () => (await admin.get('/api/v1/series/env.no2/D2/latest')).status === 200);
      expect((await admin.get('/api/v1/series/env.no2/D1/latest')).body).toMatchObject({
        ts: observed.ms,
        value: 22.5,
      });
      expect((await admin.get('/api/v1/series/env.no2/D2/latest')).body).toMatchObject({ ts: observed.ms, value: 30 });
    });

    it('maps a keyValues notification; an ingest key only inside its scopes', async () => {
      const key = await createKey(svc, 'ingest', ['D2']);
      const r = await notify(
        {
          subscriptionId: '6541f2f6a1b2c3d4e5f60719',
          data: [
            {
              id: 'urn:ngsi-ld:TrafficFlowObserved:D2:cam7',
              type: 'TrafficFlowObserved',
              intensity: 120,
              dateObserved: iso,
            },
            {
              id: 'urn:ngsi-ld:TrafficFlowObserved:D1:cam1',
              type: 'TrafficFlowObserved',
              intensity: 80,
              dateObserved: iso,
            },
            { id: 'urn:ngsi-ld:TrafficFlowObserved:D2:cam8', type: 'TrafficFlowObserved', intensity: 5 },
          ],
        },
        'keyValues',
        key,
      );
      expect(r.status).toBe(202);
      expect(r.body).toEqual({
        accepted: 1,
        rejected: [
          { index: 1, reason: 'intensity: scope: "D1" is not allowed for this key' },
          { index: 2, reason: expect.stringMatching(/attribute dateObserved \(the time\) is missing/) },
        ],
      });
      await waitFor(async () => (await admin.get('/api/v1/series/env.aqi/D2/latest')).body?.value === 120);
      expect((await notify({ data: 'x' }, 'keyValues')).status).toBe(400);
      const viewer = await createKey(svc, 'viewer');
      expect((await notify({ data: [] }, 'keyValues', viewer)).status).toBe(403);
    });
  });
});
