package io.pretext.security;

import java.util.EnumSet;

import io.pretext.core.PretextProperties;
import io.pretext.core.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import io.pretext.web.ConflictException;

/**
 * On the first start of an API process against an empty database, creates the {@code admin}
 * tenant and an admin key: the configured {@code PRETEXT_BOOTSTRAP_KEY}, or a random key printed
 * once in the log. Later starts do nothing, so a revoked bootstrap key stays revoked.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {

    static final String ADMIN_TENANT = "admin";
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final TenantService tenants;
    private final ApiKeyService keys;
    private final SecurityProperties security;
    private final PretextProperties pretext;
    private final TransactionTemplate transactions;

    BootstrapAdminKey(TenantService tenants, ApiKeyService keys, SecurityProperties security,
            PretextProperties pretext, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.keys = keys;
        this.security = security;
        this.pretext = pretext;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!pretext.has(Role.API) || !tenants.isEmpty()) {
            return;
        }
        String generated;
        try {
            generated = transactions.execute(status -> createAdmin());
        } catch (ConflictException | DataIntegrityViolationException e) {
            log.info("Another instance created the admin tenant first; no bootstrap key from this one");
            return;
        }
        if (generated == null) {
            log.info("Created tenant 'admin' with the admin key from PRETEXT_BOOTSTRAP_KEY");
        } else {
            log.warn("Created tenant 'admin' with admin API key {} -- it is shown only this once; store it now",
                    generated);
        }
    }

    /**
     * Tenant and key in one transaction: never a tenant without its key.
     *
     * @return the generated secret, or null when the configured bootstrap key was used
     */
    private String createAdmin() {
        Tenant admin = tenants.create(ADMIN_TENANT);
        EnumSet<Scope> all = EnumSet.allOf(Scope.class);
        if (security.bootstrapKey() != null) {
            keys.issueWithSecret(admin.getId(), "bootstrap", all, security.bootstrapKey());
            return null;
        }
        return keys.issue(admin.getId(), "bootstrap", all).secret();
    }
}
