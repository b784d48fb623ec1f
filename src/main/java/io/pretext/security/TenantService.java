package io.pretext.security;

import java.time.Clock;
import java.util.UUID;

import io.pretext.web.ConflictException;
import io.pretext.web.NotFoundException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and looks up tenants (an admin's job). Thread-safe. */
@Service
class TenantService {

    private final TenantRepository tenants;
    private final Clock clock;

    TenantService(TenantRepository tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    /** @throws ConflictException when the name is taken */
    @Transactional
    Tenant create(String name) {
        if (tenants.existsByName(name)) {
            throw new ConflictException("A tenant named '" + name + "' already exists");
        }
        try {
            return tenants.saveAndFlush(new Tenant(UUID.randomUUID(), name, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("A tenant named '" + name + "' already exists");
        }
    }

    @Transactional(readOnly = true)
    Tenant get(UUID id) {
        return tenants.findById(id).orElseThrow(() -> new NotFoundException("Tenant", id));
    }

    @Transactional(readOnly = true)
    Page<Tenant> list(Pageable pageable) {
        return tenants.findAll(pageable);
    }

    @Transactional(readOnly = true)
    boolean isEmpty() {
        return tenants.count() == 0;
    }
}
