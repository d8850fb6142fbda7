import type { DomainInfo } from '@app/contracts';
import type { Template } from './demo-indicator.type';

/** Domains 9–27 of the demo IOC. */
export const MORE_DEMO_DOMAINS: ReadonlyArray<DomainInfo & { templates: Template[] }> = [
  {
    code: 'labour',
    name: 'Lao động - Việc làm',
    templates: [
      ['jobs_created', 'Lao động được giải quyết việc làm', 'người', 'count', 2100, 'up'],
      ['unemployment_pct', 'Tỷ lệ thất nghiệp', '%', 'rate', 2.1, 'down'],
      ['trained_labour_pct', 'Tỷ lệ lao động qua đào tạo', '%', 'rate', 83, 'up'],
      ['labour_disputes', 'Vụ tranh chấp lao động, đình công', 'vụ', 'count', 1, 'down'],
    ],
  },
  {
    code: 'industry',
    name: 'Công nghiệp',
    templates: [
      ['iip_growth', 'Chỉ số sản xuất công nghiệp IIP tăng', '%', 'rate', 8.5, 'up'],
      ['industrial_parks_occupancy', 'Tỷ lệ lấp đầy khu công nghiệp', '%', 'rate', 87, 'up'],
      ['industrial_output', 'Giá trị sản xuất công nghiệp', 'tỷ đồng', 'amount', 38000, 'up'],
    ],
  },
  {
    code: 'trade',
    name: 'Thương mại',
    templates: [
      ['retail_sales', 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ', 'tỷ đồng', 'amount', 26000, 'up'],
      ['exports', 'Kim ngạch xuất khẩu', 'triệu USD', 'amount', 3500, 'up'],
      ['imports', 'Kim ngạch nhập khẩu', 'triệu USD', 'amount', 2600, null],
      ['cpi', 'Chỉ số giá tiêu dùng CPI', '%', 'level', 103.2, 'down'],
    ],
  },
  {
    code: 'agriculture',
    name: 'Nông nghiệp',
    templates: [
      ['rubber_output', 'Sản lượng cao su', 'tấn', 'amount', 12000, 'up'],
      ['livestock_pigs', 'Tổng đàn heo', 'con', 'count', 95000, null],
      ['poultry', 'Tổng đàn gia cầm', 'nghìn con', 'amount', 1200, null],
      ['new_rural_communes_pct', 'Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao', '%', 'rate', 64, 'up'],
    ],
  },
  {
    code: 'construction',
    name: 'Xây dựng',
    templates: [
      ['building_permits', 'Giấy phép xây dựng cấp mới', 'giấy phép', 'count', 310, null],
      ['construction_violations', 'Công trình vi phạm trật tự xây dựng', 'công trình', 'count', 9, 'down'],
      ['social_housing_units', 'Căn hộ nhà ở xã hội hoàn thành', 'căn', 'count', 420, 'up'],
    ],
  },
  {
    code: 'land',
    name: 'Đất đai',
    templates: [
      ['land_certificates', 'Giấy chứng nhận quyền sử dụng đất đã cấp', 'giấy', 'count', 1500, 'up'],
      ['land_disputes', 'Đơn tranh chấp đất đai', 'đơn', 'count', 18, 'down'],
      ['site_clearance_pct', 'Tiến độ giải phóng mặt bằng dự án trọng điểm', '%', 'rate', 73, 'up'],
    ],
  },
  {
    code: 'tourism',
    name: 'Du lịch',
    templates: [
      ['visitors', 'Lượt khách du lịch', 'lượt', 'count', 42000, 'up'],
      ['tourism_revenue', 'Doanh thu du lịch', 'tỷ đồng', 'amount', 85, 'up'],
      ['hotel_occupancy', 'Công suất phòng lưu trú', '%', 'rate', 63, 'up'],
    ],
  },
  {
    code: 'culture',
    name: 'Văn hóa - Thông tin',
    templates: [
      ['cultural_families_pct', 'Tỷ lệ gia đình văn hóa', '%', 'rate', 95, 'up'],
      ['events', 'Sự kiện văn hóa tổ chức', 'sự kiện', 'count', 14, null],
      ['heritage_visitors', 'Lượt khách tham quan di tích', 'lượt', 'count', 5200, 'up'],
    ],
  },
  {
    code: 'security',
    name: 'An ninh - Trật tự',
    templates: [
      ['crimes', 'Số vụ phạm pháp hình sự', 'vụ', 'count', 22, 'down'],
      ['crimes_solved_pct', 'Tỷ lệ điều tra khám phá án', '%', 'rate', 88, 'up'],
      ['fires', 'Số vụ cháy', 'vụ', 'count', 2, 'down'],
      ['drug_cases', 'Vụ phạm tội về ma túy', 'vụ', 'count', 7, 'down'],
    ],
  },
  {
    code: 'transport',
    name: 'Vận tải',
    templates: [
      ['bus_passengers', 'Lượt hành khách xe buýt', 'lượt', 'count', 9800, 'up'],
      ['freight', 'Khối lượng hàng hóa vận chuyển', 'nghìn tấn', 'amount', 2100, 'up'],
      ['buses_on_route', 'Xe buýt đang hoạt động', 'xe', 'count', 28, 'up', 'second'],
    ],
  },
  {
    code: 'energy',
    name: 'Điện - Năng lượng',
    templates: [
      ['power_load', 'Công suất phụ tải điện', 'MW', 'level', 310, null, 'second'],
      ['power_consumption', 'Điện thương phẩm', 'triệu kWh', 'amount', 540, null],
      ['outages', 'Sự cố mất điện', 'sự cố', 'count', 3, 'down'],
      ['rooftop_solar', 'Công suất điện mặt trời mái nhà', 'MWp', 'level', 46, 'up'],
    ],
  },
  {
    code: 'water',
    name: 'Cấp thoát nước',
    templates: [
      ['clean_water_pct', 'Tỷ lệ dân cư dùng nước sạch', '%', 'rate', 97, 'up'],
      ['water_supplied', 'Sản lượng nước cấp', 'nghìn m³/ngày', 'amount', 95, null],
      ['flood_points', 'Điểm ngập khi mưa', 'điểm', 'count', 5, 'down'],
    ],
  },
  {
    code: 'telecom',
    name: 'Viễn thông - Chuyển đổi số',
    templates: [
      ['broadband_households_pct', 'Tỷ lệ hộ gia đình có kết nối Internet cáp quang', '%', 'rate', 89, 'up'],
      ['digital_economy_share', 'Tỷ trọng kinh tế số trong GRDP', '%', 'rate', 16, 'up'],
      ['bank_account_adults_pct', 'Tỷ lệ người trưởng thành có tài khoản ngân hàng', '%', 'rate', 76, 'up'],
      ['egov_spending_pct', 'Tỷ lệ chi cho chính quyền số trong tổng chi ngân sách', '%', 'rate', 0.42, 'up'],
      ['community_digital_teams_pct', 'Tỷ lệ xã, phường, thị trấn có Tổ công nghệ số cộng đồng', '%', 'rate', 88, 'up'],
      ['smartphone_adults_pct', 'Tỷ lệ người trưởng thành sử dụng điện thoại thông minh', '%', 'rate', 84, 'up'],
      ['dti_index', 'Chỉ số chuyển đổi số (DTI)', 'điểm', 'level', 0.58, 'up'],
      ['dti_rank', 'Xếp hạng chỉ số chuyển đổi số (DTI)', 'hạng', 'count', 5, 'down'],
      ['vneid_activated', 'Tài khoản định danh điện tử VNeID kích hoạt', 'tài khoản', 'count', 180000, 'up'],
      ['cyber_incidents', 'Sự cố an toàn thông tin', 'sự cố', 'count', 2, 'down'],
    ],
  },
  {
    code: 'social',
    name: 'An sinh xã hội',
    templates: [
      ['poor_households_pct', 'Tỷ lệ hộ nghèo', '%', 'rate', 0.3, 'down'],
      ['social_insurance_pct', 'Tỷ lệ lao động tham gia BHXH', '%', 'rate', 72, 'up'],
      ['beneficiaries', 'Đối tượng bảo trợ xã hội', 'người', 'count', 6500, null],
    ],
  },
  {
    code: 'population',
    name: 'Dân số',
    templates: [
      ['population', 'Dân số trung bình', 'người', 'count', 310000, null],
      ['births', 'Số trẻ sinh ra', 'trẻ', 'count', 380, null],
      ['migrants', 'Người nhập cư đăng ký tạm trú', 'người', 'count', 2400, null],
    ],
  },
  {
    code: 'justice',
    name: 'Tư pháp',
    templates: [
      ['civil_status_records', 'Hồ sơ hộ tịch giải quyết', 'hồ sơ', 'count', 1300, null],
      ['judicial_records', 'Phiếu lý lịch tư pháp cấp', 'phiếu', 'count', 800, null],
    ],
  },
  {
    code: 'science',
    name: 'Khoa học - Công nghệ',
    templates: [
      ['research_projects', 'Đề tài khoa học đang thực hiện', 'đề tài', 'count', 6, 'up'],
      ['innovation_startups', 'Doanh nghiệp khởi nghiệp đổi mới sáng tạo', 'doanh nghiệp', 'count', 9, 'up'],
    ],
  },
  {
    code: 'sports',
    name: 'Thể dục - Thể thao',
    templates: [
      ['regular_exercisers_pct', 'Tỷ lệ người tập thể dục thường xuyên', '%', 'rate', 39, 'up'],
      ['sports_events', 'Giải thể thao tổ chức', 'giải', 'count', 5, null],
    ],
  },
  {
    code: 'disaster',
    name: 'Phòng chống thiên tai',
    templates: [
      ['rainfall', 'Lượng mưa', 'mm', 'level', 12, null, 'second'],
      ['river_level', 'Mực nước sông Sài Gòn', 'm', 'level', 1.4, 'down', 'second'],
      ['landslide_points', 'Điểm sạt lở bờ sông', 'điểm', 'count', 1, 'down'],
    ],
  },
];
