//! chartmetric
