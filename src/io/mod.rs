//! Reading and writing argument maps in data formats: Argdown text, cruxmap's own JSON,
//! Argdown's JSON, AIF, Kialo's export, GraphML, microtext XML and the attack-graph formats
//! of the argumentation solver competitions, behind one [`registry`].
//!
//! Owns format mappings only; no terminal output, no file access.

pub mod aif;
pub mod argdown;
pub mod argdown_json;
pub mod graphml;
pub mod iccma;
pub mod json;
pub mod kialo;
pub(crate) mod map;
pub mod microtext;
pub mod microtext_map;
pub mod registry;

pub use registry::{Format, ReadError};
