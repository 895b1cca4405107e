package dev.castellan.core.model;

public enum CaType {
    ROOT, SUBORDINATE
}
