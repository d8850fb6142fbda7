/**
 * The demo's alert rules, over the simulator's series, tuned so that a few alerts fire and resolve
 * within minutes of `npm start` (see the episodes in demo-value.util.ts). No channel: the wall and
 * the alert list show them.
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
] as const;
