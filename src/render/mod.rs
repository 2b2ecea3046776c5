//! Drawing argument maps: DOT (through graphviz-rust) now; SVG and HTML build on the same
//! style module.
//!
//! Owns visual mappings; it must not print or touch files.

pub mod dot;
pub mod style;
pub mod text;
