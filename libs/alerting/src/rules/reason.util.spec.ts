import { alertReason, formatDuration, formatNumber } from './reason.util';

const names = { indicatorName: 'Thu ngân sách', unit: 'tỷ đồng', scopeName: 'Thủ Dầu Một' };

describe('alert reasons', () => {
  it('formats numbers for the language', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(0.123456, 'en')).toBe('0.12');
  });

  it('below_target_pct, as in the contract', () => {
    const c = { op: 'below_target_pct' as const, value: 80 };
    expect(alertReason(c, 41.2, 80, null, names, 'vi')).toBe(
      'Thu ngân sách (Thủ Dầu Một) = 41,2 tỷ đồng, dưới 80 % kế hoạch (80 tỷ đồng)',
    );
    expect(alertReason(c, 41.2, 80, null, names, 'en')).toBe(
      'Thu ngân sách (Thủ Dầu Một) = 41.2 tỷ đồng, under 80 % of target (80 tỷ đồng)',
    );
  });

  it('thresholds, ranges, changes and staleness', () => {
    const aqi = { indicatorName: 'AQI', unit: '', scopeName: 'Dĩ An' };
    expect(alertReason({ op: '>', value: 150 }, 1151.5, 150, null, aqi, 'vi')).toBe(
      'AQI (Dĩ An) = 1.151,5, vượt ngưỡng 150',
    );
    expect(alertReason({ op: '>', value: 150 }, 1151.5, 150, null, aqi, 'en')).toBe('AQI (Dĩ An) = 1,151.5, above 150');
    expect(alertReason({ op: 'outside', low: 1, high: 2 }, 3, 2, null, aqi, 'en')).toBe('AQI (Dĩ An) = 3, outside 1–2');
    expect(alertReason({ op: 'change_pct', value: 50 }, 15, 10, 10, aqi, 'vi')).toBe(
      'AQI (Dĩ An) = 15, tăng 50 % so với giá trị trước (10)',
    );
    expect(alertReason({ op: 'change_pct', value: 50 }, 4, 10, 10, aqi, 'en')).toBe(
      'AQI (Dĩ An) = 4, down 60 % from the previous value (10)',
    );
    expect(alertReason({ op: 'stale', seconds: 300 }, 390, 300, null, aqi, 'vi')).toBe(
      'AQI (Dĩ An): không có số liệu mới trong 6 phút 30 giây (ngưỡng 5 phút)',
    );
    expect(formatDuration(90_061, 'en')).toBe('1 d 1 h');
  });

  it('missing: the report of the last finished period is past due', () => {
    const c = { op: 'missing' as const };
    expect(alertReason(c, 3, 10, null, names, 'vi')).toBe(
      'Thu ngân sách (Thủ Dầu Một): chưa có báo cáo kỳ vừa kết thúc, quá hạn 3 ngày',
    );
    expect(alertReason(c, 3, 10, null, names, 'en')).toBe(
      'Thu ngân sách (Thủ Dầu Một): the report for the last finished period is missing, 3 days past due',
    );
  });

  it('revision_pct names the period, the old and the new value and the share', () => {
    const c = { op: 'revision_pct' as const, value: 10 };
    expect(alertReason(c, 52, 41.2, 41.2, names, 'vi', '2026-10')).toBe(
      'Thu ngân sách (Thủ Dầu Một) kỳ 2026-10 được sửa từ 41,2 thành 52 tỷ đồng (+26,21 %)',
    );
    expect(alertReason(c, 30, 41.2, 41.2, names, 'en', '2026-Q3')).toBe(
      'Thu ngân sách (Thủ Dầu Một) for 2026-Q3 revised from 41.2 to 30 tỷ đồng (-27.18 %)',
    );
    expect(alertReason(c, 5, 0, 0, names, 'en')).toBe(
      'Thu ngân sách (Thủ Dầu Một) revised from 0 to 5 tỷ đồng (from 0)',
    );
  });
});
