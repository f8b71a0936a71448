/** POST /errors/log (spa-contract §1.5): what the SPA's error reporter sends. Sizes are capped so a report cannot be a dump. */

export interface ClientErrorContext {
  /** @maxLength 10 */
  method?: string;
  /** @maxLength 200 */
  action?: string;
  /** @maxLength 500 */
  path?: string;
  /** @isInt */
  status?: number | null;
  /** @maxLength 50 */
  error_code?: string | null;
}

export interface ClientErrorReport {
  /**
   * @minLength 1
   * @maxLength 100
   */
  error_type: string;
  /** @maxLength 4000 */
  error_message: string;
  /** @maxLength 2000 */
  user_message?: string | null;
  /** @maxItems 20 */
  troubleshooting_steps?: string[];
  context?: ClientErrorContext;
}

export interface ClientErrorLogged {
  id: string;
}
