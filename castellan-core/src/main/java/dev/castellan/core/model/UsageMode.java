package dev.castellan.core.model;

public enum UsageMode {
    GENERAL_PURPOSE, SHORT_LIVED_CERTIFICATE
}
