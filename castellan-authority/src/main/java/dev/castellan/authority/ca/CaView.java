package dev.castellan.authority.ca;

import dev.castellan.core.model.CaStatus;

/** A CA as callers see it at one instant: its ARN, its effective status, and the stored record. */
public record CaView(CaArn arn, CaStatus status, CertificateAuthority ca) {}
