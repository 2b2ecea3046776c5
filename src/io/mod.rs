//! Reading and writing argument maps in data formats: cruxmap's own JSON and Argdown's JSON.
//!
//! Owns format mappings only; no terminal output, no file access.

pub mod argdown_json;
pub mod json;
