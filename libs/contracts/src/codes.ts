/** Code formats of the public contract (../shared/CONTRACT.md, "Words"). */
export const DOMAIN_CODE = /^[a-z][a-z0-9_-]{0,31}$/;
export const INDICATOR_CODE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const SCOPE_CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** Most points one ingest request may carry. */
export const MAX_POINTS_PER_INGEST = 10_000;
