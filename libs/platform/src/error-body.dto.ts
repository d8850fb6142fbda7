import { ApiProperty } from '@nestjs/swagger';
import type { ErrorBody } from '@app/contracts';

/** OpenAPI description of every error answer (implements ErrorBody in @app/contracts). */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request', description: "the status code's name" }) error: string;
  @ApiProperty({
    example: 'code must match /^[a-z][a-z0-9_-]{0,31}$/',
    description: 'one sentence naming the field and what was expected',
  })
  message: string;
}
