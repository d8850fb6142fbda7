import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ErrorBody } from '@app/contracts';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { JsonTooDeepError } from './json-depth.util';

/** Errors thrown by body-parser carry `type` and `status`. */
interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Every error answer is JSON `{statusCode, error, message}` with `message` one readable string
 * (the contract's "Errors" rule). Unknown errors are logged and answered 500 without details.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, message } = this.describe(exception);
    if (res.headersSent) return;
    const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
    res.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; message: string } {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : String(raw ?? exception.message);
      return { status: exception.getStatus(), message };
    }
    if (exception instanceof JsonTooDeepError) return { status: HttpStatus.BAD_REQUEST, message: exception.message };
    const bp = exception as BodyParserError;
    if (bp?.type === 'entity.too.large') {
      return { status: HttpStatus.PAYLOAD_TOO_LARGE, message: 'request body is larger than the limit' };
    }
    if (bp?.type === 'entity.parse.failed') {
      return { status: HttpStatus.BAD_REQUEST, message: `request body is not valid JSON: ${bp.message ?? ''}`.trim() };
    }
    if (bp?.type && bp.status && bp.status >= 400 && bp.status < 500) {
      return { status: bp.status, message: bp.message ?? 'bad request' };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal server error' };
  }
}
