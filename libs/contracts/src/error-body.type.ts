/**
 * Every HTTP error answer (4xx and 5xx): `error` is the status's name (`"Bad Request"`), `message`
 * one sentence that names the field and what was expected.
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}
