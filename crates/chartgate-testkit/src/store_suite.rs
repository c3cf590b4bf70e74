//! Store conformance cases.
