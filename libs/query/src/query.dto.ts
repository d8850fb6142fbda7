import { ApiProperty } from '@nestjs/swagger';
import type {
  DerivedValue,
  IndicatorPoint,
  LatestAnswer,
  PeriodPoint,
  PeriodsAnswer,
  PeriodSummary,
  RangeAnswer,
  ReportingAnswer,
  ReportingRow,
  SummariesAnswer,
  ReportStatus,
  RevisionInfo,
  RevisionsAnswer,
  TimedValue,
} from '@app/contracts';

/** OpenAPI descriptions of the query answers; each implements its type in @app/contracts. */

export class PointDto implements IndicatorPoint {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: 1795392000000, description: 'epoch ms' }) ts: number;
  @ApiProperty({ example: 1234.5 }) value: number;
}

export class TimedValueDto implements TimedValue {
  @ApiProperty({ example: 1795392000000 }) ts: number;
  @ApiProperty({ example: 1234.5 }) value: number;
}

export class RangeResponseDto implements RangeAnswer {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ type: [TimedValueDto] }) points: TimedValueDto[];
}

export class LatestResponseDto implements LatestAnswer {
  @ApiProperty({ type: [PointDto] }) points: PointDto[];
}

export class RevisionDto implements RevisionInfo {
  @ApiProperty({ example: 1234.5 }) value: number;
  @ApiProperty({ example: 1793500000000, description: 'when it was reported (epoch ms)' }) reportedAt: number;
  @ApiProperty({ example: 'so-tai-chinh', description: "the sending key's name" }) by: string;
}

export class RevisionsAnswerDto implements RevisionsAnswer {
  @ApiProperty({ type: [RevisionDto], description: 'first report first' }) revisions: RevisionDto[];
}

export class DerivedValueDto implements DerivedValue {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "the children's sum or mean (scopeAgg); a child without its own figure gives its derived one",
  })
  value: number | null;
  @ApiProperty({ example: 8, description: 'direct children with a figure (own or derived)' }) reported: number;
  @ApiProperty({ example: 9, description: 'direct children of the scope' }) expected: number;
}

export class PeriodPointDto implements PeriodPoint {
  @ApiProperty({ example: '2026-10' }) period: string;
  @ApiProperty({ example: 1790787600000, description: "the period's start (epoch ms)" }) ts: number;
  @ApiProperty({ example: 1234.5 }) value: number;
  @ApiProperty({ description: 'this value replaced an earlier report' }) revised: boolean;
  @ApiProperty({ example: 1793500000000 }) reportedAt: number;
  @ApiProperty({ type: DerivedValueDto, required: false, description: 'for a scope with children, scopeAgg not none' })
  derived?: DerivedValueDto;
}

export class PeriodsAnswerDto implements PeriodsAnswer {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: 'month' }) period: string;
  @ApiProperty({ type: [PeriodPointDto], description: 'oldest first; periods without a report are left out' })
  points: PeriodPointDto[];
}

export class RankDto {
  @ApiProperty({ example: 2, description: '1 = best by the indicator direction' }) position: number;
  @ApiProperty({ example: 9, description: 'siblings (the scope included) that reported' }) of: number;
}

export class PeriodSummaryDto implements PeriodSummary {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: '2026-10' }) period: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the previous period' }) previous: number | null;
  @ApiProperty({ type: Number, nullable: true }) changePct: number | null;
  @ApiProperty({ type: Number, nullable: true }) sameLastYear: number | null;
  @ApiProperty({ type: Number, nullable: true }) yoyPct: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'year to date by timeAgg' }) ytd: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "the year's plan for the scope" }) plan: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'ytd / plan × 100 (sum) or value / plan × 100' })
  planPct: number | null;
  @ApiProperty({ type: RankDto, required: false }) rank?: RankDto;
  @ApiProperty({
    type: DerivedValueDto,
    required: false,
    description: 'for a scope with children, scopeAgg not none; value is this one without an own figure',
  })
  derived?: DerivedValueDto;
}

export class SummariesAnswerDto implements SummariesAnswer {
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: '2026-10', description: 'the asked period' }) period: string;
  @ApiProperty({
    type: [PeriodSummaryDto],
    description:
      'one per period indicator (of the domain, if given) whose period holds the asked one, in its own period ' +
      '(a quarterly one asked for 2026-10: 2026-Q4), sorted by indicator',
  })
  summaries: PeriodSummaryDto[];
}

export class ReportingRowDto implements ReportingRow {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: '2026-10', description: "the indicator's own period covering the asked one" }) period: string;
  @ApiProperty({ enum: ['not_due', 'on_time', 'late', 'missing'] }) status: ReportStatus;
  @ApiProperty({ example: 1794330000000, description: 'period end + dueDays (epoch ms)' }) dueAt: number;
  @ApiProperty({ required: false, description: 'first report (epoch ms)' }) reportedAt?: number;
  @ApiProperty({ example: 0, description: 'revisions after the first report' }) revisions: number;
}

export class ReportingAnswerDto implements ReportingAnswer {
  @ApiProperty({ example: '2026-10' }) period: string;
  @ApiProperty({ type: [ReportingRowDto] }) rows: ReportingRowDto[];
}
