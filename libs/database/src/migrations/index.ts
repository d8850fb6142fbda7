import { InitialCatalogue1763800000000 } from './1763800000000-initial-catalogue';

/** Every migration of the service's database, in order (they run at start, on SQLite and PostgreSQL). */
export const DATABASE_MIGRATIONS = [InitialCatalogue1763800000000];
