import { DOMAIN_CODE, INDICATOR_CODE, SCOPE_CODE } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, validate } from 'class-validator';
import { validationMessages } from '@app/platform';
import { payloadDepthExceeds } from './payload-depth.util';

const MAX_FILTER_ITEMS = 5000;

/** The `subscribe` payload, validated like any HTTP body. */
export class SubscribeRequestDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_ITEMS)
  @Matches(INDICATOR_CODE, { each: true, message: 'indicators must be indicator codes' })
  indicators?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_ITEMS)
  @Matches(DOMAIN_CODE, { each: true, message: 'domains must be domain codes' })
  domains?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FILTER_ITEMS)
  @Matches(SCOPE_CODE, { each: true, message: 'scopes must be scope codes' })
  scopes?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;
}

/** Parses a subscribe payload; returns the request or a readable error. */
export async function parseSubscribeRequest(body: unknown, maxDepth: number): Promise<SubscribeRequestDto | string> {
  if (body === undefined || body === null) return new SubscribeRequestDto();
  if (typeof body !== 'object' || Array.isArray(body)) {
    return 'subscribe payload must be an object {indicators?, domains?, scopes?, cursor?}';
  }
  if (payloadDepthExceeds(body, maxDepth)) {
    return `subscribe payload is nested deeper than ${maxDepth} levels (IOC_MAX_JSON_DEPTH)`;
  }
  const dto = plainToInstance(SubscribeRequestDto, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  return errors.length ? validationMessages(errors).join('; ') : dto;
}
