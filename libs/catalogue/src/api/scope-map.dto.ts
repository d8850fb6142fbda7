import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  SCOPE_SHAPE_MAX_POSITIONS,
  SCOPE_TILE_MAX,
  type ScopeShape,
  type ScopeTile,
  type ScopeUpdate,
} from '@app/contracts';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { checkScopeShape } from '../scope-shape.util';

const TILE_MSG = (axis: string) => ({ message: `${axis} must be an integer from 0 to ${SCOPE_TILE_MAX}` });

export class ScopeTileDto implements ScopeTile {
  @ApiProperty({ example: 0, minimum: 0, maximum: SCOPE_TILE_MAX, description: 'row of the grid, 0 = top' })
  @IsInt(TILE_MSG('row'))
  @Min(0, TILE_MSG('row'))
  @Max(SCOPE_TILE_MAX, TILE_MSG('row'))
  row: number;

  @ApiProperty({ example: 1, minimum: 0, maximum: SCOPE_TILE_MAX, description: 'column of the grid, 0 = left' })
  @IsInt(TILE_MSG('col'))
  @Min(0, TILE_MSG('col'))
  @Max(SCOPE_TILE_MAX, TILE_MSG('col'))
  col: number;
}

/** A scope's shape: a GeoJSON Polygon or MultiPolygon, checked by checkScopeShape (the message says what is wrong). */
export function IsScopeShape(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isScopeShape',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => value === null || value === undefined || !checkScopeShape(value).error,
        defaultMessage: (args?: ValidationArguments) => checkScopeShape(args?.value).error ?? 'invalid shape',
      },
    });
}

export const SHAPE_DOC = {
  type: 'object',
  additionalProperties: true,
  nullable: true,
  description:
    'GeoJSON (RFC 7946) Polygon or MultiPolygon in WGS84 [longitude, latitude]: rings closed (last position ' +
    `= first), at least 4 positions each, at most ${SCOPE_SHAPE_MAX_POSITIONS} positions in all. ` +
    'An altitude and members other than type and coordinates are dropped.',
  example: {
    type: 'Polygon',
    coordinates: [
      [
        [106.62, 11.03],
        [106.72, 11.03],
        [106.72, 10.95],
        [106.62, 10.95],
        [106.62, 11.03],
      ],
    ],
  },
} as const;

export const TILE_DOC = {
  type: ScopeTileDto,
  nullable: true,
  description: "place in a schematic tile grid of the scope's siblings (for a map without outlines)",
} as const;

/** The map fields a scope's POST and PUT bodies share. */
export class ScopeMapFieldsDto {
  @ApiPropertyOptional(SHAPE_DOC)
  @IsOptional()
  @IsScopeShape()
  shape?: ScopeShape | null;

  @ApiPropertyOptional(TILE_DOC)
  @IsOptional()
  @IsObject({ message: 'tile must be an object {row, col}' })
  @ValidateNested()
  @Type(() => ScopeTileDto)
  tile?: ScopeTileDto | null;
}

/** `PUT /api/v1/scopes/:code`: fields given are set, those left out kept; `null` removes a shape or tile. */
export class UpdateScopeDto extends ScopeMapFieldsDto implements ScopeUpdate {
  @ApiPropertyOptional({ example: '718', description: 'must equal the code in the path when given' })
  @IsOptional()
  @IsString()
  code?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '74',
    description: "must equal the scope's parent when given (the parent is not changed here)",
  })
  @IsOptional()
  @IsString()
  parent?: string | null;

  @ApiPropertyOptional({ example: 'Thành phố Thủ Dầu Một' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
