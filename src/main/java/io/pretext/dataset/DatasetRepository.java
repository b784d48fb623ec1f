package io.pretext.dataset;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRepository extends JpaRepository<Dataset, UUID> {

    Optional<Dataset> findByIdAndTenantId(UUID id, UUID tenantId);

    Optional<Dataset> findByTenantIdAndSha256(UUID tenantId, String sha256);

    Page<Dataset> findByTenantId(UUID tenantId, Pageable pageable);
}
