import type { ScopeShape, ScopeTile } from '@app/contracts';

/**
 * The demo districts' places in the wall's schematic tile grid, laid out roughly as the districts lie
 * (Bình Dương before the 2025 merger): Dầu Tiếng, Bàu Bàng and Phú Giáo along the north; Bến Cát and
 * Bắc Tân Uyên below them; Thủ Dầu Một and Tân Uyên in the middle south; Thuận An and Dĩ An in the south,
 * next to Hồ Chí Minh City. Column 0 holds only Dầu Tiếng, which reaches furthest west.
 *
 * No outlines: no openly licensed boundary file of the province's districts could be had when this was
 * written (geoBoundaries keeps its files in Git LFS, GADM does not allow redistribution). An operator
 * brings outlines with `PUT /api/v1/scopes/:code` (docs/wall.md, "Map data"); the demo never overwrites them.
 */
export const DEMO_MAP_DATA: ReadonlyArray<{ code: string; tile: ScopeTile; shape?: ScopeShape }> = [
  { code: '720', tile: { row: 0, col: 0 } }, // Dầu Tiếng
  { code: '719', tile: { row: 0, col: 1 } }, // Bàu Bàng
  { code: '722', tile: { row: 0, col: 2 } }, // Phú Giáo
  { code: '721', tile: { row: 1, col: 1 } }, // Bến Cát
  { code: '726', tile: { row: 1, col: 2 } }, // Bắc Tân Uyên
  { code: '718', tile: { row: 2, col: 1 } }, // Thủ Dầu Một
  { code: '723', tile: { row: 2, col: 2 } }, // Tân Uyên
  { code: '725', tile: { row: 3, col: 1 } }, // Thuận An
  { code: '724', tile: { row: 3, col: 2 } }, // Dĩ An
];
