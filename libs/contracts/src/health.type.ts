/** `GET /health`: `200` with `status: "ok"`, or `503` with `status: "unavailable"` when Redis or the database is down. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  redis: 'up' | 'down';
  database: 'up' | 'down';
  uptimeSeconds: number;
}
