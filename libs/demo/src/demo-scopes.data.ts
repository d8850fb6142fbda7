import type { ScopeInfo } from '@app/contracts';

/** Bình Dương (official unit code 74) and its nine district-level units, with a size factor for the simulator. */
export const DEMO_PROVINCE = '74';

export const DEMO_DISTRICTS: ReadonlyArray<ScopeInfo & { size: number }> = [
  { code: '718', name: 'Thành phố Thủ Dầu Một', parent: '74', size: 1.4 },
  { code: '719', name: 'Huyện Bàu Bàng', parent: '74', size: 0.5 },
  { code: '720', name: 'Huyện Dầu Tiếng', parent: '74', size: 0.55 },
  { code: '721', name: 'Thành phố Bến Cát', parent: '74', size: 1.0 },
  { code: '722', name: 'Huyện Phú Giáo', parent: '74', size: 0.45 },
  { code: '723', name: 'Thành phố Tân Uyên', parent: '74', size: 1.05 },
  { code: '724', name: 'Thành phố Dĩ An', parent: '74', size: 1.35 },
  { code: '725', name: 'Thành phố Thuận An', parent: '74', size: 1.5 },
  { code: '726', name: 'Huyện Bắc Tân Uyên', parent: '74', size: 0.45 },
];

export const DEMO_SCOPES: ScopeInfo[] = [
  { code: DEMO_PROVINCE, name: 'Tỉnh Bình Dương', parent: null },
  ...DEMO_DISTRICTS.map(({ code, name, parent }) => ({ code, name, parent })),
];
