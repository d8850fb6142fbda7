import type { KeyPrincipal } from '@app/contracts';

/**
 * May this key see or change a rule or silence on this scope (null: every scope)? Keys without scope
 * limits may; a district key only inside its scopes, never on "every scope".
 */
export function mayTouchScope(
  catalogue: { isWithin(scope: string, roots: readonly string[]): boolean },
  principal: KeyPrincipal,
  scope: string | null,
): boolean {
  return principal.scopes === null || (scope !== null && catalogue.isWithin(scope, principal.scopes));
}
