//! Table-driven tests and property tests for the quantity extractor.
