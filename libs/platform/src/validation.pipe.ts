import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { validationMessages } from './validation-message.util';

/** The one ValidationPipe of every HTTP app: strict whitelist, transform, readable messages. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(validationMessages(errors).join('; ')),
  });
}
