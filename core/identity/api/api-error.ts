/** The error body every route answers with (core/http/error-handler.ts), for the OpenAPI document. */
export interface ApiErrorBody {
  /** A message, or for 422 a list of `{field, message}`. */
  detail: string | Array<{ field: string; message: string }>;
  /** A stable `LB-<AREA>-NNN` code. */
  code: string;
}
