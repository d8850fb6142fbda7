/**
 * @ioc-stream/client: the live feed and the HTTP API of an ioc-stream service, typed with the
 * service's own contracts, for Node.js (20+) and the browser.
 */
export { LiveFeed, type LiveFeedOptions, type LiveSocket, type SnapshotInfo, type Subscription } from './live-feed.js';
export type { FeedState } from './feed-state.js';
export {
  type AlertsQuery,
  IocApi,
  IocApiError,
  type IocApiOptions,
  type LatestFilter,
  type PeriodsQueryInput,
  type RangeAnswer,
  type RangeQueryInput,
  type ReportingQuery,
  type TimeInput,
} from './ioc-api.js';
export type {
  Aggregation,
  Alert,
  AlertLang,
  AlertState,
  DomainInfo,
  DrainingEvent,
  HeartbeatEvent,
  IndicatorInfo,
  IndicatorPoint,
  PeriodsAnswer,
  PeriodSummary,
  ReportingAnswer,
  ScopeInfo,
  Severity,
  SubscribeAck,
  SubscribeRequest,
  TimedValue,
  ValuesEvent,
} from '@app/contracts';
