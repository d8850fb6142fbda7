import { InitialCatalogue1763800000000 } from './1763800000000-initial-catalogue';
import { Alerting1764600000000 } from './1764600000000-alerting';
import { Sources1765000000000 } from './1765000000000-sources';
import { Imports1765100000000 } from './1765100000000-imports';
import { Statistics1765200000000 } from './1765200000000-statistics';
import { ScopeMaps1765300000000 } from './1765300000000-scope-maps';

/** Every migration of the service's database, in order (they run at start, on SQLite and PostgreSQL). */
export const DATABASE_MIGRATIONS = [
  InitialCatalogue1763800000000,
  Alerting1764600000000,
  Sources1765000000000,
  Imports1765100000000,
  Statistics1765200000000,
  ScopeMaps1765300000000,
];
