package io.pretext.experiment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<Experiment, UUID> {

    Optional<Experiment> findByIdAndTenantId(UUID id, UUID tenantId);

    Optional<Experiment> findByTenantIdAndIdempotencyKey(UUID tenantId, String idempotencyKey);

    Page<Experiment> findByTenantId(UUID tenantId, Pageable pageable);

    Page<Experiment> findByTenantIdAndName(UUID tenantId, String name, Pageable pageable);

    List<Experiment> findByTenantIdAndName(UUID tenantId, String name, Sort sort);
}
