package dev.castellan.core.model;

/** The mathematical family of a key; signing algorithms must match the family of the key that signs. */
public enum KeyFamily {
    RSA, EC, ML_DSA
}
