package io.pretext.dataset;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A stored dataset's row; its content lives in the artifact store under {@code datasets/<id>/}.
 * List-valued columns hold JSON. Not thread-safe (JPA entity).
 */
@Entity
@Table(name = "datasets")
class Dataset {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false, length = 200)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Modality modality;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private DatasetFormat format;

    @Column(name = "num_samples", nullable = false)
    private int numSamples;

    @Column(name = "num_classes", nullable = false)
    private int numClasses;

    @Column(nullable = false)
    private String classes;

    @Column(name = "class_counts", nullable = false)
    private String classCounts;

    @Column(nullable = false)
    private boolean labeled;

    @Column(nullable = false)
    private String shape;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "num_captions", nullable = false)
    private int numCaptions;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Dataset() {
    }

    Dataset(UUID id, UUID tenantId, String name, Modality modality, DatasetFormat format, int numSamples,
            int numClasses, String classes, String classCounts, boolean labeled, String shape, String sha256,
            long sizeBytes, Instant createdAt) {
        this(id, tenantId, name, modality, format, numSamples, numClasses, classes, classCounts, labeled, shape, sha256,
                sizeBytes, createdAt, 0);
    }

    Dataset(UUID id, UUID tenantId, String name, Modality modality, DatasetFormat format, int numSamples,
            int numClasses, String classes, String classCounts, boolean labeled, String shape, String sha256,
            long sizeBytes, Instant createdAt, int numCaptions) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.modality = modality;
        this.format = format;
        this.numSamples = numSamples;
        this.numClasses = numClasses;
        this.classes = classes;
        this.classCounts = classCounts;
        this.labeled = labeled;
        this.shape = shape;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.createdAt = createdAt;
        this.numCaptions = numCaptions;
    }

    UUID getId() {
        return id;
    }

    UUID getTenantId() {
        return tenantId;
    }

    String getName() {
        return name;
    }

    Modality getModality() {
        return modality;
    }

    DatasetFormat getFormat() {
        return format;
    }

    int getNumSamples() {
        return numSamples;
    }

    int getNumClasses() {
        return numClasses;
    }

    String getClasses() {
        return classes;
    }

    String getClassCounts() {
        return classCounts;
    }

    boolean isLabeled() {
        return labeled;
    }

    String getShape() {
        return shape;
    }

    String getSha256() {
        return sha256;
    }

    long getSizeBytes() {
        return sizeBytes;
    }

    int getNumCaptions() {
        return numCaptions;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
