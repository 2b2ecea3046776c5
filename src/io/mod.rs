//! Reading and writing argument maps in data formats: cruxmap's own JSON, Argdown's JSON,
//! and the attack-graph formats of the argumentation solver competitions.
//!
//! Owns format mappings only; no terminal output, no file access.

pub mod argdown_json;
pub mod iccma;
pub mod json;
pub mod microtext;
