export * from './point-validation.util';
export * from './rejection-class.util';
export * from './idempotency-key.util';
export * from './ingest.producer';
export * from './ingest.service';
export * from './ingestion.module';
export * from './ingestion-worker.module';
export * from './point-intake.service';
