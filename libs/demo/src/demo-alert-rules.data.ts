/**
 * The demo's alert rules, over the simulator's series, tuned so that a few alerts fire and resolve
 * within minutes of `npm start` (see the episodes in demo-value.util.ts). No channel: the wall and
 * the alert list show them. The `missing` rule fires at once: one district has not reported last
 * month's budget revenue (demo-history.util.ts).
 */
export const DEMO_ALERT_RULES = [
  {
    indicator: 'environment.aqi',
    condition: { op: '>', value: 150, clear: 140 },
    severity: 'critical',
    forSeconds: 10,
  },
  {
    indicator: 'hotline.complaints_received',
    condition: { op: 'change_pct', value: 50, direction: 'up' },
    severity: 'warning',
  },
  {
    indicator: 'finance.budget_revenue_plan_pct',
    condition: { op: 'below_target_pct', value: 92 },
    severity: 'warning',
    forSeconds: 60,
  },
  // A district's monthly budget revenue report past its deadline (the demo history leaves one out).
  {
    indicator: 'finance.budget_revenue',
    condition: { op: 'missing' },
    severity: 'warning',
  },
] as const;
