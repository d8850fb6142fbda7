import type { DomainInfo } from '@app/contracts';
import type { Template } from './demo-indicator.type';

/** The 27 domains of the demo IOC, each with its hand-written indicator templates. */
export const DEMO_DOMAINS: ReadonlyArray<DomainInfo & { templates: Template[] }> = [
  {
    code: 'finance',
    name: 'Tài chính - Ngân sách',
    templates: [
      ['budget_revenue', 'Thu ngân sách nhà nước trên địa bàn', 'tỷ đồng', 'amount', 6500, 'up'],
      ['budget_revenue_plan_pct', 'Tỷ lệ thu ngân sách so với kế hoạch', '%', 'rate', 78, 'up'],
      ['domestic_revenue', 'Thu nội địa', 'tỷ đồng', 'amount', 4200, 'up'],
      ['import_export_revenue', 'Thu từ hoạt động xuất nhập khẩu', 'tỷ đồng', 'amount', 1800, 'up'],
      ['land_use_revenue', 'Thu tiền sử dụng đất', 'tỷ đồng', 'amount', 900, 'up'],
      ['budget_expenditure', 'Chi ngân sách địa phương', 'tỷ đồng', 'amount', 3900, null],
      ['public_investment_disbursed', 'Giải ngân vốn đầu tư công', 'tỷ đồng', 'amount', 1100, 'up'],
      ['public_investment_disbursed_pct', 'Tỷ lệ giải ngân vốn đầu tư công', '%', 'rate', 52, 'up'],
      ['tax_arrears', 'Nợ đọng thuế', 'tỷ đồng', 'amount', 210, 'down'],
      ['grdp_growth', 'Tốc độ tăng trưởng GRDP', '%', 'rate', 7.2, 'up'],
    ],
  },
  {
    code: 'investment',
    name: 'Đầu tư - Doanh nghiệp',
    templates: [
      ['fdi_registered', 'Vốn FDI đăng ký mới', 'triệu USD', 'amount', 160, 'up'],
      ['fdi_adjusted', 'Vốn FDI điều chỉnh tăng thêm', 'triệu USD', 'amount', 8, 'up'],
      ['fdi_capital_contribution', 'Vốn góp, mua cổ phần của nhà đầu tư nước ngoài', 'triệu USD', 'amount', 4.5, 'up'],
      ['fdi_disbursed', 'Vốn FDI giải ngân', 'triệu USD', 'amount', 9, 'up'],
      ['fdi_projects', 'Số dự án FDI cấp mới', 'dự án', 'count', 12, 'up'],
      ['domestic_investment', 'Vốn đầu tư trong nước đăng ký', 'tỷ đồng', 'amount', 5200, 'up'],
      ['new_enterprises', 'Doanh nghiệp thành lập mới', 'doanh nghiệp', 'count', 210, 'up'],
      ['dissolved_enterprises', 'Doanh nghiệp giải thể', 'doanh nghiệp', 'count', 25, 'down'],
      ['enterprises_resumed', 'Doanh nghiệp quay lại hoạt động', 'doanh nghiệp', 'count', 40, 'up'],
    ],
  },
  {
    code: 'public_services',
    name: 'Dịch vụ công trực tuyến',
    templates: [
      ['dossiers_received', 'Hồ sơ thủ tục hành chính tiếp nhận', 'hồ sơ', 'count', 5200, null],
      ['dossiers_resolved', 'Hồ sơ thủ tục hành chính đã giải quyết', 'hồ sơ', 'count', 5000, 'up'],
      ['dossiers_online_full', 'Hồ sơ trực tuyến toàn trình', 'hồ sơ', 'count', 3100, 'up'],
      ['dossiers_online_partial', 'Hồ sơ trực tuyến một phần', 'hồ sơ', 'count', 1100, null],
      ['dossiers_online_pct', 'Tỷ lệ hồ sơ nộp trực tuyến', '%', 'rate', 68, 'up'],
      ['dossiers_on_time_pct', 'Tỷ lệ hồ sơ giải quyết đúng hạn', '%', 'rate', 96, 'up'],
      ['dossiers_overdue', 'Hồ sơ quá hạn', 'hồ sơ', 'count', 35, 'down'],
      ['online_payment_pct', 'Tỷ lệ hồ sơ thanh toán trực tuyến', '%', 'rate', 41, 'up'],
      ['satisfaction_index', 'Chỉ số hài lòng của người dân', 'điểm', 'level', 86, 'up'],
    ],
  },
  {
    code: 'hotline',
    name: 'Tổng đài 1022',
    templates: [
      ['calls_waiting', 'Cuộc gọi đang chờ tổng đài 1022', 'cuộc', 'count', 4, 'down', 'second'],
      ['calls_today', 'Cuộc gọi đến tổng đài 1022 trong ngày', 'cuộc', 'count', 380, null],
      ['complaints_received', 'Phản ánh qua tổng đài 1022', 'phản ánh', 'count', 140, null],
      ['complaints_resolved_pct', 'Tỷ lệ phản ánh đã xử lý', '%', 'rate', 91, 'up'],
      ['complaints_overdue', 'Phản ánh quá hạn xử lý', 'phản ánh', 'count', 6, 'down'],
      ['avg_answer_seconds', 'Thời gian chờ trả lời trung bình', 'giây', 'level', 22, 'down', 'second'],
    ],
  },
  {
    code: 'traffic',
    name: 'Giao thông',
    templates: [
      ['accidents', 'Số vụ tai nạn giao thông', 'vụ', 'count', 3, 'down'],
      ['accident_deaths', 'Số người chết do tai nạn giao thông', 'người', 'count', 1, 'down'],
      ['violations_recorded', 'Vi phạm ghi nhận qua camera', 'vi phạm', 'count', 120, 'down'],
      ['congestion_points', 'Điểm ùn tắc đang diễn ra', 'điểm', 'count', 2, 'down', 'second'],
    ],
  },
  {
    code: 'environment',
    name: 'Tài nguyên - Môi trường',
    templates: [
      ['aqi', 'Chỉ số chất lượng không khí AQI', 'AQI', 'level', 72, 'down', 'second'],
      ['wastewater_treated_pct', 'Tỷ lệ nước thải được xử lý', '%', 'rate', 82, 'up'],
      ['solid_waste_collected', 'Chất thải rắn thu gom', 'tấn/ngày', 'amount', 480, null],
      ['environment_violations', 'Vi phạm môi trường bị xử lý', 'vụ', 'count', 4, 'down'],
    ],
  },
  {
    code: 'health',
    name: 'Y tế',
    templates: [
      ['hospital_beds', 'Số giường bệnh', 'giường', 'count', 950, 'up'],
      ['bed_occupancy', 'Công suất sử dụng giường bệnh', '%', 'rate', 84, null],
      ['doctors_per_10k', 'Số bác sĩ trên 10.000 dân', 'bác sĩ/vạn dân', 'level', 9.5, 'up'],
      ['emergency_cases', 'Ca cấp cứu trong ngày', 'ca', 'count', 65, null],
      ['outpatient_visits', 'Lượt khám ngoại trú', 'lượt', 'count', 4300, null],
      ['health_insurance_pct', 'Tỷ lệ dân số tham gia BHYT', '%', 'rate', 93, 'up'],
      ['dengue_cases', 'Số ca sốt xuất huyết', 'ca', 'count', 28, 'down'],
      ['vaccination_pct', 'Tỷ lệ tiêm chủng đầy đủ trẻ em', '%', 'rate', 97, 'up'],
    ],
  },
  {
    code: 'education',
    name: 'Giáo dục - Đào tạo',
    templates: [
      ['school_attendance', 'Tỷ lệ học sinh đi học', '%', 'rate', 98, 'up'],
      ['students', 'Số học sinh', 'học sinh', 'count', 52000, null],
      ['schools_standard_pct', 'Tỷ lệ trường đạt chuẩn quốc gia', '%', 'rate', 71, 'up'],
      ['teachers', 'Số giáo viên', 'giáo viên', 'count', 2400, null],
      ['dropout_pct', 'Tỷ lệ học sinh bỏ học', '%', 'rate', 0.4, 'down'],
    ],
  },
];
