"""Noise and statutory nuisance: qualifying cases and abatement-notice FPNs (to be built)."""
