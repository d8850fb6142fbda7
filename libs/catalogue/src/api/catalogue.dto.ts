import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOMAIN_CODE, INDICATOR_CODE, SCOPE_CODE } from '@app/contracts';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

const DOMAIN_MSG = { message: 'domain codes are 1-32 characters: a lowercase letter, then a-z, 0-9, _ or -' };
const SCOPE_MSG = { message: 'scope codes are 1-32 characters: letters, digits, _ or -' };
const INDICATOR_MSG = { message: 'indicator codes are 1-64 characters: a-z or 0-9 first, then a-z, 0-9, ., _ or -' };

export class CreateDomainDto {
  @ApiProperty({ example: 'finance' })
  @IsString()
  @Matches(DOMAIN_CODE, DOMAIN_MSG)
  code: string;

  @ApiProperty({ example: 'Tài chính - Ngân sách' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class CreateScopeDto {
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
export class IndicatorFieldsDto {
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
}

export class CreateIndicatorDto extends IndicatorFieldsDto {
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
