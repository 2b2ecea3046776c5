//! Drawing argument maps: SVG with the built-in layered layout, the interactive HTML map
//! built on it, and DOT through graphviz-rust; all share the style module.
//!
//! Owns visual mappings; it must not print or touch files.

pub mod dot;
pub mod html;
pub mod layout;
pub mod metrics;
pub mod png;
pub mod quality;
pub mod stability;
pub mod style;
pub mod svg;
pub mod text;
