package dev.castellan.authority.authz;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;

/**
 * Decides whether a principal may perform an action. Today every authenticated principal is an administrator;
 * the check still runs on every call so that narrower roles only need a rule here.
 */
public final class Authorizer {
    public void check(Principal principal, Action action) {
        if (principal.role() != Principal.Role.ADMINISTRATOR) {
            throw new CastellanException(ErrorCode.ACCESS_DENIED,
                    "User " + principal.name() + " is not authorized to perform " + action + ".");
        }
    }
}
