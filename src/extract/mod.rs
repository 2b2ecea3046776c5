//! Extraction: from prose to a draft argument map.
//!
//! [`segment`] splits text into argumentative units; [`parser`] predicts the central claim,
//! each unit's role, function and target with four trained classifiers decoded into one
//! tree ([`decode`]); [`eval`] scores that against the gold microtext corpus.

pub mod argdown;
pub mod calibrate;
pub mod decode;
pub mod draft;
pub mod essay;
pub mod eval;
pub mod features;
pub mod model;
pub mod parser;
pub mod segment;
pub mod tagger;
pub mod thread;

pub use parser::Parser;
