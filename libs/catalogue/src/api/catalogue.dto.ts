import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type Direction,
  DOMAIN_CODE,
  type DomainInfo,
  INDICATOR_CODE,
  type IndicatorInfo,
  type IndicatorInput,
  type NewIndicator,
  type NewScope,
  PERIOD_KINDS,
  type PlanInfo,
  type PlansAnswer,
  type PeriodKind,
  SCOPE_AGGS,
  SCOPE_CODE,
  type ScopeAgg,
  TIME_AGGS,
  type TimeAgg,
  type ScopeInfo,
  type ScopeShape,
} from '@app/contracts';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SHAPE_DOC, ScopeMapFieldsDto, ScopeTileDto } from './scope-map.dto';

const DOMAIN_MSG = { message: 'domain codes are 1-32 characters: a lowercase letter, then a-z, 0-9, _ or -' };
const SCOPE_MSG = { message: 'scope codes are 1-32 characters: letters, digits, _ or -' };
const INDICATOR_MSG = { message: 'indicator codes are 1-64 characters: a-z or 0-9 first, then a-z, 0-9, ., _ or -' };

export class CreateDomainDto implements DomainInfo {
  @ApiProperty({ example: 'finance' })
  @IsString()
  @Matches(DOMAIN_CODE, DOMAIN_MSG)
  code: string;

  @ApiProperty({ example: 'Tài chính - Ngân sách' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class CreateScopeDto extends ScopeMapFieldsDto implements NewScope {
  @ApiProperty({ example: '718' })
  @IsString()
  @Matches(SCOPE_CODE, SCOPE_MSG)
  code: string;

  @ApiProperty({ example: 'Thành phố Thủ Dầu Một' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: '74', description: 'code of the parent scope' })
  @IsOptional()
  @IsString()
  @Matches(SCOPE_CODE, SCOPE_MSG)
  parent?: string | null;
}

/** The mutable fields of an indicator (PUT body; code optional there). */
export class IndicatorFieldsDto implements IndicatorInput {
  @ApiProperty({ example: 'finance' })
  @IsString()
  @Matches(DOMAIN_CODE, DOMAIN_MSG)
  domain: string;

  @ApiProperty({ example: 'Thu ngân sách nhà nước' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiProperty({ example: 'tỷ đồng' })
  @IsString()
  @MaxLength(50)
  unit: string;

  @ApiPropertyOptional({ enum: ['up', 'down'], example: 'up', description: 'up: higher is better' })
  @IsOptional()
  @IsIn(['up', 'down'], { message: 'direction must be "up" or "down"' })
  direction?: 'up' | 'down' | null;

  @ApiPropertyOptional({ example: 18500 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'target must be a finite number' })
  target?: number | null;

  @ApiPropertyOptional({ example: 730, description: 'raw-point retention in days (default: IOC_RAW_RETENTION_DAYS)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36500)
  retentionDays?: number | null;

  @ApiPropertyOptional({
    enum: PERIOD_KINDS,
    example: 'month',
    description: 'none (default): a stream; else reported per calendar period (Asia/Ho_Chi_Minh)',
  })
  @IsOptional()
  @IsIn(PERIOD_KINDS, { message: 'period must be one of "none", "day", "month", "quarter", "year"' })
  period?: PeriodKind | null;

  @ApiPropertyOptional({
    enum: TIME_AGGS,
    example: 'sum',
    description: 'over time: sum (flows), last (stocks, default), avg (rates)',
  })
  @IsOptional()
  @IsIn(TIME_AGGS, { message: 'timeAgg must be one of "sum", "last", "avg"' })
  timeAgg?: TimeAgg | null;

  @ApiPropertyOptional({
    enum: SCOPE_AGGS,
    example: 'sum',
    description: 'children to parent: sum, avg, none (default)',
  })
  @IsOptional()
  @IsIn(SCOPE_AGGS, { message: 'scopeAgg must be one of "sum", "avg", "none"' })
  scopeAgg?: ScopeAgg | null;

  @ApiPropertyOptional({
    example: 20,
    description: 'a period report is due this many days after the period ends (default 0)',
  })
  @IsOptional()
  @IsInt({ message: 'dueDays must be an integer' })
  @Min(0, { message: 'dueDays must be 0 or more' })
  @Max(3660, { message: 'dueDays must be at most 3660' })
  dueDays?: number | null;
}

export class CreateIndicatorDto extends IndicatorFieldsDto implements NewIndicator {
  @ApiProperty({ example: 'finance.budget_revenue' })
  @IsString()
  @Matches(INDICATOR_CODE, INDICATOR_MSG)
  code: string;
}

export class PutIndicatorDto extends IndicatorFieldsDto {
  @ApiPropertyOptional({ example: 'finance.budget_revenue', description: 'must equal the code in the path when given' })
  @IsOptional()
  @IsString()
  code?: string;
}

/** Answers (OpenAPI descriptions; each implements its type in @app/contracts). */
export class DomainDto implements DomainInfo {
  @ApiProperty({ example: 'finance' }) code: string;
  @ApiProperty({ example: 'Tài chính - Ngân sách' }) name: string;
}

export class ScopeDto implements ScopeInfo {
  @ApiProperty({ example: '718' }) code: string;
  @ApiProperty({ example: 'Thành phố Thủ Dầu Một' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: '74', description: 'code of the parent scope' })
  parent: string | null;
  @ApiPropertyOptional({
    type: ScopeTileDto,
    description: "place in a schematic tile grid of the scope's siblings; when set",
  })
  tile?: ScopeTileDto;
  @ApiPropertyOptional({
    ...SHAPE_DOC,
    nullable: false,
    description:
      'the outline, when set and asked for (`?include=shape`; always in POST and PUT answers). ' +
      SHAPE_DOC.description,
  })
  shape?: ScopeShape;
}

export class IndicatorDto implements IndicatorInfo {
  @ApiProperty({ example: 'finance.budget_revenue' }) code: string;
  @ApiProperty({ example: 'finance' }) domain: string;
  @ApiProperty({ example: 'Thu ngân sách nhà nước' }) name: string;
  @ApiProperty({ example: 'tỷ đồng' }) unit: string;
  @ApiProperty({ enum: ['up', 'down'], nullable: true, example: 'up', description: 'up: higher is better' })
  direction: Direction | null;
  @ApiProperty({ type: Number, nullable: true, example: 18500 }) target: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 730, description: 'null: IOC_RAW_RETENTION_DAYS' })
  retentionDays: number | null;
  @ApiPropertyOptional({ enum: PERIOD_KINDS, example: 'month', description: 'absent for a plain stream' })
  period?: PeriodKind;
  @ApiPropertyOptional({ enum: TIME_AGGS, example: 'sum' }) timeAgg?: TimeAgg;
  @ApiPropertyOptional({ enum: SCOPE_AGGS, example: 'sum' }) scopeAgg?: ScopeAgg;
  @ApiPropertyOptional({ example: 20 }) dueDays?: number;
}

export class PutPlanDto {
  @ApiProperty({ example: 18500, description: "the year's plan (target) in the indicator's unit" })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a finite number' })
  value: number;
}

export class PlanDto implements PlanInfo {
  @ApiProperty({ example: 'finance.budget_revenue' }) indicator: string;
  @ApiProperty({ example: '718' }) scope: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ example: 18500 }) value: number;
}

export class PlansAnswerDto implements PlansAnswer {
  @ApiProperty({ type: [PlanDto] }) plans: PlanDto[];
}
