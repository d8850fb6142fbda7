import type { Template, ValueKind } from './demo-indicator.type';

/**
 * Indicator families: one metric measured per agency, camera, hospital, industrial park...
 * Each family expands to `members × metrics` indicators `domain.family.member.metric`.
 */
export interface Family {
  domain: string;
  family: string;
  members: ReadonlyArray<[key: string, name: string]>;
  metrics: ReadonlyArray<[key: string, name: string, unit: string, kind: ValueKind, base: number, direction?: 'up' | 'down' | null, cadence?: 'second' | 'minute']>;
}

const numbered = (prefix: string, names: string[]): Array<[string, string]> => names.map((n, i) => [`${prefix}${String(i + 1).padStart(2, '0')}`, n]);

const AGENCIES = numbered('a', [
  'Sở Tư pháp', 'Sở Xây dựng', 'Sở Tài nguyên và Môi trường', 'Sở Kế hoạch và Đầu tư', 'Sở Giao thông vận tải',
  'Sở Công Thương', 'Sở Y tế', 'Sở Giáo dục và Đào tạo', 'Sở Lao động - Thương binh và Xã hội', 'Sở Nội vụ',
  'Sở Tài chính', 'Sở Nông nghiệp và Phát triển nông thôn', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Thông tin và Truyền thông',
  'Sở Khoa học và Công nghệ', 'Ban Quản lý các khu công nghiệp', 'Công an tỉnh', 'Bảo hiểm xã hội tỉnh', 'Cục Thuế tỉnh', 'Văn phòng UBND tỉnh',
]);
const CAMERAS = numbered('c', [
  'Ngã tư Sở Sao', 'Cầu Ông Cộ', 'Ngã sáu Thủ Dầu Một', 'Vòng xoay An Phú', 'Ngã tư Miếu Ông Cù', 'Cầu Phú Cường', 'ĐT743 - Sóng Thần',
  'QL13 - Lái Thiêu', 'QL13 - Mỹ Phước', 'ĐT741 - Phú Giáo', 'ĐT744 - Dầu Tiếng', 'Ngã tư Chòm Sao', 'Ngã ba Tân Vạn', 'Cầu vượt Sóng Thần',
  'Đại lộ Bình Dương - Becamex Tower', 'Ngã tư Bình Chuẩn', 'Ngã tư Tân Phước Khánh', 'ĐT747 - Tân Uyên', 'Cổng KCN VSIP I',
  'Cổng KCN VSIP II', 'Cổng KCN Mỹ Phước', 'Bến xe khách Bình Dương', 'Ngã tư Gò Đậu', 'Ga Dĩ An', 'Vòng xoay Bàu Bàng',
  'Cầu Thới An', 'Ngã ba Cây Lơn', 'Đường Mỹ Phước - Tân Vạn', 'Quốc lộ 1K', 'Cầu Bạch Đằng 2',
]);
const STATIONS = numbered('s', ['Thủ Dầu Một', 'Dĩ An', 'Thuận An', 'Bến Cát', 'Tân Uyên', 'Bàu Bàng', 'Dầu Tiếng', 'Phú Giáo']);
const HOSPITALS = numbered('h', [
  'Bệnh viện Đa khoa tỉnh', 'Bệnh viện Phụ sản - Nhi', 'Bệnh viện Y học cổ truyền', 'Bệnh viện Phục hồi chức năng', 'Bệnh viện Mắt',
  'Bệnh viện Tâm thần', 'Trung tâm Y tế Thủ Dầu Một', 'Trung tâm Y tế Dĩ An', 'Trung tâm Y tế Thuận An', 'Trung tâm Y tế Bến Cát',
  'Trung tâm Y tế Tân Uyên', 'Trung tâm Y tế Bàu Bàng', 'Trung tâm Y tế Dầu Tiếng', 'Trung tâm Y tế Phú Giáo',
]);
const PARKS = numbered('p', [
  'KCN VSIP I', 'KCN VSIP II', 'KCN VSIP II-A', 'KCN Mỹ Phước', 'KCN Mỹ Phước 2', 'KCN Mỹ Phước 3', 'KCN Sóng Thần 1', 'KCN Sóng Thần 2',
  'KCN Sóng Thần 3', 'KCN Đồng An', 'KCN Đồng An 2', 'KCN Tân Đông Hiệp A', 'KCN Tân Đông Hiệp B', 'KCN Bình Đường', 'KCN Việt Hương',
  'KCN Việt Hương 2', 'KCN Nam Tân Uyên', 'KCN Đất Cuốc', 'KCN Bàu Bàng', 'KCN Rạch Bắp', 'KCN Kim Huy', 'KCN Mai Trung',
  'KCN Phú Tân', 'KCN Thới Hòa', 'KCN Tân Bình', 'KCN An Tây', 'KCN Quốc tế Protrade', 'KCN Ascendas-Protrade', 'KCN Sóng Thần',
  'KCN Bình An',
]);
const ROUTES = numbered('r', Array.from({ length: 20 }, (_, i) => `Tuyến buýt số ${i + 1}`));
const LEVELS: Array<[string, string]> = [['preschool', 'Mầm non'], ['primary', 'Tiểu học'], ['lower_secondary', 'Trung học cơ sở'], ['upper_secondary', 'Trung học phổ thông']];

export const DEMO_FAMILIES: Family[] = [
  { domain: 'public_services', family: 'agency', members: AGENCIES, metrics: [
    ['received', 'Hồ sơ tiếp nhận', 'hồ sơ', 'count', 260], ['online', 'Hồ sơ trực tuyến', 'hồ sơ', 'count', 160, 'up'],
    ['on_time_pct', 'Tỷ lệ đúng hạn', '%', 'rate', 95, 'up'], ['overdue', 'Hồ sơ quá hạn', 'hồ sơ', 'count', 3, 'down'],
    ['satisfaction', 'Chỉ số hài lòng', 'điểm', 'level', 85, 'up'], ['digital_docs_pct', 'Tỷ lệ số hóa hồ sơ', '%', 'rate', 74, 'up'],
    ['processing_days', 'Thời gian giải quyết trung bình', 'ngày', 'level', 6.5, 'down'],
  ] },
  { domain: 'hotline', family: 'topic', members: numbered('t', [
    'Trật tự đô thị', 'Môi trường', 'Giao thông', 'Điện', 'Nước', 'Đất đai', 'Xây dựng', 'Y tế', 'Giáo dục', 'Lao động',
    'An ninh trật tự', 'Dịch vụ công', 'Chiếu sáng công cộng', 'Cây xanh',
  ]), metrics: [
    ['received', 'Phản ánh tiếp nhận', 'phản ánh', 'count', 10], ['resolved_pct', 'Tỷ lệ đã xử lý', '%', 'rate', 90, 'up'],
    ['overdue', 'Phản ánh quá hạn', 'phản ánh', 'count', 1, 'down'],
  ] },
  { domain: 'traffic', family: 'camera', members: CAMERAS, metrics: [
    ['flow', 'Lưu lượng xe', 'xe/phút', 'level', 95, null, 'second'], ['speed', 'Tốc độ trung bình', 'km/h', 'level', 34, 'up'],
    ['violations', 'Vi phạm ghi nhận', 'vi phạm', 'count', 4, 'down'],
  ] },
  { domain: 'environment', family: 'station', members: STATIONS, metrics: [
    ['aqi', 'AQI', 'AQI', 'level', 70, 'down', 'second'], ['pm25', 'Bụi mịn PM2.5', 'µg/m³', 'level', 28, 'down'],
    ['pm10', 'Bụi PM10', 'µg/m³', 'level', 45, 'down'], ['no2', 'NO2', 'µg/m³', 'level', 32, 'down'],
    ['so2', 'SO2', 'µg/m³', 'level', 12, 'down'], ['co', 'CO', 'mg/m³', 'level', 1.1, 'down'], ['o3', 'O3', 'µg/m³', 'level', 48, 'down'],
  ] },
  { domain: 'health', family: 'hospital', members: HOSPITALS, metrics: [
    ['occupancy', 'Công suất giường bệnh', '%', 'rate', 85], ['inpatients', 'Bệnh nhân nội trú', 'người', 'count', 210],
    ['outpatients', 'Lượt khám ngoại trú', 'lượt', 'count', 480], ['emergency', 'Ca cấp cứu', 'ca', 'count', 9],
    ['surgeries', 'Ca phẫu thuật', 'ca', 'count', 14], ['wait_minutes', 'Thời gian chờ khám trung bình', 'phút', 'level', 38, 'down'],
  ] },
  { domain: 'education', family: 'level', members: LEVELS, metrics: [
    ['students', 'Số học sinh', 'học sinh', 'count', 13000], ['attendance_pct', 'Tỷ lệ chuyên cần', '%', 'rate', 97, 'up'],
    ['schools', 'Số trường', 'trường', 'count', 28], ['teachers', 'Số giáo viên', 'giáo viên', 'count', 600],
    ['class_size', 'Sĩ số bình quân', 'học sinh/lớp', 'level', 38, 'down'], ['standard_pct', 'Tỷ lệ trường đạt chuẩn', '%', 'rate', 70, 'up'],
  ] },
  { domain: 'industry', family: 'park', members: PARKS, metrics: [
    ['occupancy', 'Tỷ lệ lấp đầy', '%', 'rate', 86, 'up'], ['workers', 'Số lao động', 'người', 'count', 4200, null],
    ['output', 'Giá trị sản xuất', 'tỷ đồng', 'amount', 1100, 'up'], ['exports', 'Kim ngạch xuất khẩu', 'triệu USD', 'amount', 95, 'up'],
  ] },
  { domain: 'trade', family: 'export', members: numbered('e', [
    'Gỗ và sản phẩm gỗ', 'Dệt may', 'Giày dép', 'Điện tử, máy tính', 'Máy móc thiết bị', 'Sắt thép', 'Cao su', 'Nhựa', 'Hạt điều',
    'Cà phê', 'Đồ gỗ nội thất', 'Túi xách, ví', 'Sản phẩm gốm sứ', 'Phương tiện vận tải', 'Hóa chất', 'Giấy', 'Thủy tinh', 'Dây cáp điện',
    'Đồ chơi', 'Dụng cụ thể thao',
  ]), metrics: [['value', 'Kim ngạch xuất khẩu', 'triệu USD', 'amount', 45, 'up'], ['growth', 'Tăng trưởng so với cùng kỳ', '%', 'rate', 9, 'up']] },
  { domain: 'agriculture', family: 'product', members: numbered('g', [
    'Cao su', 'Điều', 'Lúa', 'Bắp', 'Khoai mì', 'Rau các loại', 'Cây ăn quả', 'Tiêu', 'Cà phê', 'Heo hơi', 'Gà', 'Bò', 'Trứng', 'Sữa', 'Cá nước ngọt',
  ]), metrics: [['output', 'Sản lượng', 'tấn', 'amount', 900, 'up'], ['area', 'Diện tích / quy mô', 'ha', 'amount', 1200, null]] },
  { domain: 'energy', family: 'substation', members: numbered('b', [
    'Trạm 220kV Bình Hòa', 'Trạm 220kV Uyên Hưng', 'Trạm 220kV Tân Định', 'Trạm 220kV Bến Cát', 'Trạm 110kV Sóng Thần',
    'Trạm 110kV Dĩ An', 'Trạm 110kV Thuận An', 'Trạm 110kV Mỹ Phước', 'Trạm 110kV Bàu Bàng', 'Trạm 110kV Phú Giáo',
    'Trạm 110kV Dầu Tiếng', 'Trạm 110kV VSIP',
  ]), metrics: [['load', 'Phụ tải', 'MW', 'level', 85, null, 'second'], ['outages', 'Sự cố', 'sự cố', 'count', 0.3, 'down']] },
  { domain: 'labour', family: 'sector', members: numbered('l', [
    'Chế biến chế tạo', 'Xây dựng', 'Bán buôn bán lẻ', 'Vận tải kho bãi', 'Lưu trú ăn uống', 'Thông tin truyền thông', 'Tài chính ngân hàng',
    'Bất động sản', 'Giáo dục', 'Y tế', 'Nông lâm nghiệp', 'Dịch vụ khác', 'Điện nước', 'Khai khoáng', 'Khoa học công nghệ', 'Hành chính công',
  ]), metrics: [['employed', 'Lao động đang làm việc', 'người', 'count', 9000, null], ['wage', 'Thu nhập bình quân', 'triệu đồng/tháng', 'amount', 9.8, 'up']] },
  { domain: 'investment', family: 'country', members: numbered('n', [
    'Hàn Quốc', 'Nhật Bản', 'Đài Loan', 'Singapore', 'Trung Quốc', 'Hồng Kông', 'Hoa Kỳ', 'Hà Lan', 'Đức', 'Malaysia', 'Thái Lan', 'Anh',
  ]), metrics: [['capital', 'Vốn FDI đăng ký', 'triệu USD', 'amount', 14, 'up'], ['projects', 'Số dự án', 'dự án', 'count', 1, 'up']] },
  { domain: 'trade', family: 'cpi', members: numbered('k', [
    'Hàng ăn và dịch vụ ăn uống', 'Đồ uống và thuốc lá', 'May mặc, mũ nón, giày dép', 'Nhà ở, điện nước, chất đốt', 'Thiết bị và đồ dùng gia đình',
    'Thuốc và dịch vụ y tế', 'Giao thông', 'Bưu chính viễn thông', 'Giáo dục', 'Văn hóa, giải trí và du lịch', 'Hàng hóa và dịch vụ khác',
  ]), metrics: [['index', 'Chỉ số giá', '%', 'level', 103, 'down']] },
  { domain: 'water', family: 'plant', members: numbered('w', [
    'Nhà máy nước Dĩ An', 'Nhà máy nước Thủ Dầu Một', 'Nhà máy nước Tân Hiệp', 'Nhà máy nước Nam Tân Uyên', 'Nhà máy nước Mỹ Phước',
    'Nhà máy nước Bàu Bàng', 'Nhà máy nước Dầu Tiếng', 'Nhà máy nước Phú Giáo', 'Nhà máy nước Uyên Hưng', 'Nhà máy nước Khu liên hợp',
  ]), metrics: [['output', 'Sản lượng nước', 'nghìn m3/ngày', 'amount', 9, null], ['loss_pct', 'Tỷ lệ thất thoát', '%', 'rate', 6, 'down']] },
  { domain: 'transport', family: 'route', members: ROUTES, metrics: [
    ['passengers', 'Lượt hành khách', 'lượt', 'count', 480, 'up'], ['on_time_pct', 'Tỷ lệ chuyến đúng giờ', '%', 'rate', 92, 'up'],
  ] },
  { domain: 'security', family: 'crime', members: numbered('x', [
    'Trộm cắp tài sản', 'Cướp giật', 'Lừa đảo chiếm đoạt', 'Cố ý gây thương tích', 'Đánh bạc', 'Ma túy', 'Buôn lậu', 'Tội phạm công nghệ cao',
    'Giết người', 'Vi phạm giao thông nghiêm trọng',
  ]), metrics: [['cases', 'Số vụ', 'vụ', 'count', 2.5, 'down']] },
  { domain: 'tourism', family: 'site', members: numbered('v', [
    'Khu du lịch Đại Nam', 'Núi Cậu - Hồ Dầu Tiếng', 'Chùa Bà Thiên Hậu', 'Làng sơn mài Tương Bình Hiệp', 'Vườn trái cây Lái Thiêu',
    'Chiến khu D', 'Địa đạo Tam giác sắt', 'Hồ Bình An', 'Bảo tàng Bình Dương', 'Khu du lịch Thủy Châu',
  ]), metrics: [['visitors', 'Lượt khách', 'lượt', 'count', 3800, 'up']] },
  { domain: 'construction', family: 'project', members: numbered('j', [
    'Đường Vành đai 3', 'Đường Vành đai 4', 'Cao tốc TP.HCM - Thủ Dầu Một - Chơn Thành', 'Mở rộng QL13', 'Cầu Bạch Đằng 2',
    'Trung tâm hành chính tập trung', 'Bệnh viện 1.500 giường', 'Nhà ở xã hội Định Hòa',
  ]), metrics: [['progress_pct', 'Tiến độ thi công', '%', 'rate', 55, 'up']] },
  { domain: 'social', family: 'program', members: numbered('q', [
    'Trợ cấp người cao tuổi', 'Trợ cấp người khuyết tật', 'Hỗ trợ hộ nghèo', 'Hỗ trợ hộ cận nghèo', 'Nhà tình nghĩa', 'Học bổng học sinh nghèo',
    'Bảo hiểm y tế trẻ em', 'Hỗ trợ người lao động mất việc', 'Chăm sóc người có công', 'Bảo vệ trẻ em', 'Phòng chống tệ nạn xã hội', 'Bình đẳng giới',
  ]), metrics: [['beneficiaries', 'Người thụ hưởng', 'người', 'count', 540, null]] },
  { domain: 'land', family: 'use', members: numbered('u', [
    'Đất nông nghiệp', 'Đất trồng lúa', 'Đất rừng', 'Đất ở đô thị', 'Đất ở nông thôn', 'Đất khu công nghiệp', 'Đất thương mại dịch vụ',
    'Đất giao thông', 'Đất thủy lợi', 'Đất công trình công cộng', 'Đất quốc phòng an ninh', 'Đất chưa sử dụng',
  ]), metrics: [['area', 'Diện tích', 'ha', 'amount', 2600, null]] },
  { domain: 'population', family: 'age', members: numbered('y', [
    '0-4 tuổi', '5-14 tuổi', '15-24 tuổi', '25-34 tuổi', '35-44 tuổi', '45-54 tuổi', '55-64 tuổi', '65-74 tuổi', '75-84 tuổi', '85 tuổi trở lên',
  ]), metrics: [['people', 'Dân số nhóm tuổi', 'người', 'count', 31000, null]] },
  { domain: 'disaster', family: 'gauge', members: numbered('m', [
    'Trạm Thủ Dầu Một', 'Trạm Dầu Tiếng', 'Trạm Phước Hòa', 'Trạm Bến Súc', 'Trạm Tân Uyên', 'Trạm Lái Thiêu', 'Trạm Dĩ An', 'Trạm Bàu Bàng',
    'Trạm Phú Giáo', 'Trạm Bến Cát', 'Trạm Thạnh Phước', 'Trạm Hồ Từ Văn',
  ]), metrics: [['rainfall', 'Lượng mưa', 'mm', 'level', 11, null]] },
  { domain: 'culture', family: 'venue', members: numbered('z', [
    'Nhà văn hóa Lao động', 'Trung tâm Văn hóa tỉnh', 'Thư viện tỉnh', 'Nhà thiếu nhi', 'Rạp chiếu phim Lotte', 'Rạp CGV Aeon',
    'Quảng trường Bình Dương', 'Công viên Thanh Lễ', 'Nhà hát Bình Dương', 'Bảo tàng Bình Dương',
  ]), metrics: [['visitors', 'Lượt người tham gia', 'lượt', 'count', 1500, 'up']] },
  { domain: 'finance', family: 'revenue', members: numbered('f', [
    'Thuế doanh nghiệp nhà nước', 'Thuế doanh nghiệp FDI', 'Thuế ngoài quốc doanh', 'Thuế thu nhập cá nhân', 'Lệ phí trước bạ',
    'Thuế bảo vệ môi trường', 'Phí và lệ phí', 'Thuế sử dụng đất phi nông nghiệp', 'Tiền thuê đất', 'Thu xổ số kiến thiết', 'Thu khác',
  ]), metrics: [['amount', 'Số thu', 'tỷ đồng', 'amount', 290, 'up'], ['plan_pct', 'Tỷ lệ so với dự toán', '%', 'rate', 76, 'up']] },
  { domain: 'finance', family: 'spending', members: numbered('d', [
    'Giáo dục đào tạo', 'Y tế', 'Khoa học công nghệ', 'Văn hóa thông tin', 'Thể dục thể thao', 'Bảo vệ môi trường', 'Sự nghiệp kinh tế',
    'Quản lý hành chính', 'Bảo đảm xã hội', 'Quốc phòng', 'An ninh', 'Đầu tư phát triển', 'Trả nợ lãi vay', 'Dự phòng ngân sách',
  ]), metrics: [['amount', 'Chi', 'tỷ đồng', 'amount', 120, null]] },
  { domain: 'sports', family: 'facility', members: numbered('o', [
    'Sân vận động Gò Đậu', 'Nhà thi đấu tỉnh', 'Hồ bơi tỉnh', 'Trung tâm TDTT Thủ Dầu Một', 'Trung tâm TDTT Dĩ An', 'Trung tâm TDTT Thuận An',
    'Trung tâm TDTT Bến Cát', 'Trung tâm TDTT Tân Uyên', 'Trung tâm TDTT Bàu Bàng', 'Trung tâm TDTT Dầu Tiếng', 'Trung tâm TDTT Phú Giáo',
    'Trung tâm TDTT Bắc Tân Uyên',
  ]), metrics: [['users', 'Lượt người tập luyện', 'lượt', 'count', 900, 'up']] },
  { domain: 'telecom', family: 'service', members: numbered('i', [
    'Cổng dịch vụ công tỉnh', 'Hệ thống một cửa điện tử', 'Ứng dụng Bình Dương Số', 'Hệ thống quản lý văn bản', 'Tổng đài 1022 số',
    'Trung tâm dữ liệu tỉnh', 'Hệ thống camera giám sát', 'Nền tảng tích hợp dữ liệu LGSP', 'Hệ thống thư điện tử công vụ', 'Wifi công cộng',
  ]), metrics: [['uptime_pct', 'Tỷ lệ sẵn sàng', '%', 'rate', 99.5, 'up'], ['users', 'Lượt truy cập', 'lượt', 'count', 5200, 'up']] },
];

/** Expands a family into templates with codes `family.member.metric`. */
export function familyTemplates(f: Family): Template[] {
  const out: Template[] = [];
  for (const [mKey, mName] of f.members) {
    for (const [key, name, unit, kind, base, direction, cadence] of f.metrics) {
      out.push([`${f.family}.${mKey}.${key}`, `${name} - ${mName}`, unit, kind, base, direction ?? null, cadence ?? 'minute']);
    }
  }
  return out;
}
